using StoryBot.Core.Outbox;
using StoryBot.Core.Sources;

namespace StoryBot.Core.Delivery;

/// <summary>
/// Send these items (oldest first) of one account to one or more chats. Each item is downloaded and processed
/// once however many chats get it; the first chat's upload gives a file_id that the others are sent by.
/// </summary>
public sealed record DeliveryRequest(StoryAccount Account, StoryKind Kind, IReadOnlyList<StoryItem> Items, IReadOnlyList<DeliveryTarget> Targets)
{
    /// <summary>Told after each album a chat got or did not get (a command's progress message).</summary>
    public IProgress<DeliveryProgress>? Progress { get; init; }

    public DeliveryRequest(long chatId, StoryAccount account, StoryKind kind, IReadOnlyList<StoryItem> items)
        : this(account, kind, items, [new DeliveryTarget(chatId)])
    {
    }

    /// <summary>A command's request: everything answers the command's message, in its topic.</summary>
    public DeliveryRequest(ChatPlace origin, StoryAccount account, StoryKind kind, IReadOnlyList<StoryItem> items)
        : this(account, kind, items, [new DeliveryTarget(origin.ChatId) { ThreadId = origin.ThreadId, ReplyToMessageId = origin.ReplyToMessageId }])
    {
    }
}
