namespace StoryBot.Core.Sources;

/// <summary>One extractor per site: turns a profile into a list of media items, nothing more.</summary>
public interface IStorySource
{
    Platform Platform { get; }

    /// <summary>Fetches of this site allowed at once, across all chats and polls.</summary>
    int MaxConcurrentFetches { get; }

    /// <summary>Items oldest first. <paramref name="username"/> must already be validated.</summary>
    Task<StoryFetchResult> FetchAsync(string username, StoryKind kind, CancellationToken cancellationToken);
}
