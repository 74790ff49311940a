using StoryBot.Core.Outbox;
using StoryBot.Core.Sources;

namespace StoryBot.Core.Delivery;

/// <param name="ItemIds">The items this chat gets; null for all of them.</param>
public sealed record DeliveryTarget(long ChatId, IReadOnlySet<string>? ItemIds = null)
{
    /// <summary>The forum topic the chat gets it in (where it subscribed, or where it asked).</summary>
    public int? ThreadId { get; init; }

    /// <summary>The message it answers (a command's), if any.</summary>
    public int? ReplyToMessageId { get; init; }

    public ChatPlace Place => new(ChatId, ThreadId, ReplyToMessageId);

    public bool Wants(StoryItem item) => ItemIds is null || ItemIds.Contains(item.Id);
}
