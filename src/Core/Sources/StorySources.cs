namespace StoryBot.Core.Sources;

/// <summary>The registered extractors, by platform, each with a cap on the fetches it runs at once.</summary>
public sealed class StorySources(IEnumerable<IStorySource> sources)
{
    private readonly Dictionary<Platform, (IStorySource Source, SemaphoreSlim Slots)> _byPlatform = sources.ToDictionary(
        source => source.Platform,
        source => (source, new SemaphoreSlim(source.MaxConcurrentFetches, source.MaxConcurrentFetches)));

    /// <summary>
    /// Fetches through the platform's cap: commands from many chats at once and scheduled polls share it, so a burst
    /// waits its turn here instead of hitting the site all at once.
    /// </summary>
    public Task<StoryFetchResult> FetchAsync(Platform platform, string username, StoryKind kind, CancellationToken cancellationToken) =>
        WithSlotAsync(platform, source => source.FetchAsync(username, kind, cancellationToken), cancellationToken);

    /// <summary>Runs other page reads of a platform (a Snapchat spotlight page, say) within the same cap.</summary>
    public async Task<T> WithSlotAsync<T>(Platform platform, Func<IStorySource, Task<T>> work, CancellationToken cancellationToken)
    {
        var (source, slots) = _byPlatform.TryGetValue(platform, out var entry)
            ? entry
            : throw new InvalidOperationException($"No source registered for {platform}");
        await slots.WaitAsync(cancellationToken);
        try
        {
            return await work(source);
        }
        finally
        {
            slots.Release();
        }
    }
}
