using StoryBot.Core.Sources;

namespace StoryBot.Core.Delivery;

/// <param name="ItemIds">The items this chat gets; null for all of them.</param>
public sealed record DeliveryTarget(long ChatId, IReadOnlySet<string>? ItemIds = null)
{
    public bool Wants(StoryItem item) => ItemIds is null || ItemIds.Contains(item.Id);
}
