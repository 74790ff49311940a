using StoryBot.Core.Sources;

namespace StoryBot.Core.Outbox;

/// <summary>An item a chat did not get, and why.</summary>
public sealed record ItemFailure(StoryItem Item, FailureReason Reason)
{
    public long ChatId { get; init; }
}
