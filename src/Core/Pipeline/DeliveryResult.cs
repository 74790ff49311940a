using StoryBot.Core.Sources;

namespace StoryBot.Core.Pipeline;

/// <summary>What reached the chat and what did not. Only items Telegram accepted are in <see cref="Delivered"/>.</summary>
public sealed record DeliveryResult(IReadOnlyList<DeliveredItem> Delivered, IReadOnlyList<ItemFailure> Failed);

/// <param name="FileId">Telegram's id for the uploaded file, reusable for other chats.</param>
public sealed record DeliveredItem(StoryItem Item, string? FileId)
{
    public long ChatId { get; init; }

    /// <summary>What it was sent as (the bytes decide; a page can announce a video as a photo).</summary>
    public MediaKind Kind { get; init; } = Item.Kind;
}

public sealed record ItemFailure(StoryItem Item, FailureReason Reason)
{
    public long ChatId { get; init; }
}

public enum FailureReason
{
    NoMediaLink,
    HostNotAllowed,
    DownloadFailed,
    SendRefused,
    /// <summary>Over Telegram's upload limits even after re-encoding (e.g. a video too long for 50 MB).</summary>
    TooLarge,
    /// <summary>A format Telegram cannot show that could not be converted.</summary>
    Unconvertible,
    ChatUnreachable,
    /// <summary>Telegram kept answering "wait" (429), or not at all, longer than a request may wait.</summary>
    TelegramBusy,
    Cancelled,
}
