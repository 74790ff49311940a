using StoryBot.Core.Delivery;
using StoryBot.Core.Sources;

namespace StoryBot.Core.Subscriptions;

/// <param name="Fetch">What the source said; null when the poll was skipped before fetching.</param>
/// <param name="NewItems">Items that were new for at least one chat.</param>
public sealed record PollResult(StoryFetchResult? Fetch, int NewItems, DeliveryResult? Delivery, PollSkip? SkippedBecause = null)
{
    /// <summary>The source answered normally (a story, or no story): the account is healthy.</summary>
    public bool SourceOk => Fetch?.Outcome is FetchOutcome.Ok or FetchOutcome.NoCurrentStory;
}

/// <summary>Why a poll did not fetch.</summary>
public enum PollSkip
{
    NoFollowers,
    StorageError,
}
