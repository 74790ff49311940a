using StoryBot.Core.Outbox;

namespace StoryBot.Core.Delivery;

/// <summary>What reached the chats and what did not. Only items Telegram accepted are in <see cref="Delivered"/>.</summary>
/// <param name="Moved">Groups that turned out to be supergroups now; they were sent the rest at the new id.</param>
public sealed record DeliveryResult(IReadOnlyList<DeliveredItem> Delivered, IReadOnlyList<ItemFailure> Failed, IReadOnlyList<ChatMove> Moved)
{
    public static readonly DeliveryResult Empty = new([], [], []);

    public DeliveryResult Then(DeliveryResult next) =>
        new([.. Delivered, .. next.Delivered], [.. Failed, .. next.Failed], [.. Moved, .. next.Moved]);
}
