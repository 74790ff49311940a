namespace StoryBot.Core.Sources;

/// <summary>The registered extractors, by platform.</summary>
public sealed class StorySources(IEnumerable<IStorySource> sources)
{
    private readonly Dictionary<Platform, IStorySource> _byPlatform = sources.ToDictionary(source => source.Platform);

    public IStorySource For(Platform platform) =>
        _byPlatform.TryGetValue(platform, out var source)
            ? source
            : throw new InvalidOperationException($"No source registered for {platform}");
}
