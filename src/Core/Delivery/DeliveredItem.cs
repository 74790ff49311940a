using StoryBot.Core.Sources;

namespace StoryBot.Core.Delivery;

/// <param name="FileId">Telegram's id for the uploaded file, reusable for other chats.</param>
public sealed record DeliveredItem(StoryItem Item, string? FileId)
{
    public long ChatId { get; init; }

    /// <summary>What it was sent as (the bytes decide; a page can announce a video as a photo).</summary>
    public MediaKind Kind { get; init; } = Item.Kind;
}
