using StoryBot.Core.Sources;

namespace StoryBot.Core.Storage.Documents;

/// <summary>
/// One item delivered to (or given up for) one chat. Id = "{chat}|{platform}|{username}|{itemId}": dedupe is per
/// destination, on the source's own item id.
/// </summary>
internal sealed class DeliveryDocument
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

    public DeliveryRecord ToRecord() => new(ChatId, Platform, Username, ItemId, Delivered, GivenUp, FailedAttempts);
}
