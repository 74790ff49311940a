using StoryBot.Core.Sources;

namespace StoryBot.Core.Storage;

/// <summary>A chat following an account. Id = "{chat}|{platform}|{username}", so a duplicate cannot exist.</summary>
public sealed class SubscriptionDocument
{
    public string Id { get; set; } = "";
    public long ChatId { get; set; }
    public Platform Platform { get; set; }
    public string Username { get; set; } = "";
    public long? AddedBy { get; set; }
    public DateTime AddedAt { get; set; }
    public DateTime? LastDeliveredAt { get; set; }
    /// <summary>Set when Telegram said the chat cannot be reached (403); cleared when the chat is heard from again.</summary>
    public bool Paused { get; set; }

    public static string Key(long chatId, Platform platform, string username) => $"{chatId}|{platform}|{username}";
}

/// <summary>
/// One item delivered to (or given up for) one chat. Id = "{chat}|{platform}|{username}|{itemId}": dedupe is per
/// destination, on the source's own item id.
/// </summary>
public sealed class DeliveryDocument
{
    public string Id { get; set; } = "";
    public long ChatId { get; set; }
    public Platform Platform { get; set; }
    public string Username { get; set; } = "";
    public string ItemId { get; set; } = "";
    public DateTime At { get; set; }
    /// <summary>When the item was taken; retention keeps a record until both this and <see cref="At"/> are old.</summary>
    public DateTime TakenAt { get; set; }
    public string? FileId { get; set; }
    /// <summary>Failed attempts so far; the item is retried at later polls until the cap.</summary>
    public int FailedAttempts { get; set; }
    /// <summary>True once Telegram accepted it. False while it is being retried, or after it was given up.</summary>
    public bool Delivered { get; set; }
    public bool GivenUp { get; set; }

    public static string Key(long chatId, Platform platform, string username, string itemId) => $"{chatId}|{platform}|{username}|{itemId}";
}

/// <summary>Telegram's file_id for an item, reusable by every chat: one upload per item.</summary>
public sealed class FileIdDocument
{
    /// <summary>"{platform}|{itemId}".</summary>
    public string Id { get; set; } = "";
    public string FileId { get; set; } = "";
    public MediaKind Kind { get; set; }
    public DateTime At { get; set; }
}

/// <summary>The scheduler's view of one followed account.</summary>
public sealed class AccountStateDocument
{
    /// <summary>"{platform}|{username}".</summary>
    public string Id { get; set; } = "";
    public Platform Platform { get; set; }
    public string Username { get; set; } = "";
    public DateTime? LastCheckedAt { get; set; }
    public DateTime NextCheckAt { get; set; }
    public int FailureStreak { get; set; }
    public string? LastOutcome { get; set; }

    public static string Key(Platform platform, string username) => $"{platform}|{username}";
}

public sealed class MetaDocument
{
    public string Id { get; set; } = "";
    public int SchemaVersion { get; set; }
}
