namespace StoryBot.Core.Sources;

/// <param name="Reason">Short technical reason for a failed fetch, for logs (never shown raw to a chat).</param>
public sealed record StoryFetchResult(
    FetchOutcome Outcome,
    StoryAccount Account,
    IReadOnlyList<StoryItem> Items,
    string? Reason = null)
{
    /// <summary>For <see cref="FetchOutcome.RateLimited"/>: when the source may be asked again.</summary>
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>What the items are when the link decided it rather than the command (an Instagram highlight link); null: as asked.</summary>
    public StoryKind? Kind { get; init; }

    /// <summary>
    /// The site shows only the first part of this list (Snapchat's profile page holds about 20 highlights and no way
    /// to page on): older entries may exist that could not be read.
    /// </summary>
    public bool MoreNotShown { get; init; }

    public static StoryFetchResult Failed(FetchOutcome outcome, StoryAccount account, string? reason = null) =>
        new(outcome, account, [], reason);
}
