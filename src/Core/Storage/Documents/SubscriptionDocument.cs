using StoryBot.Core.Sources;

namespace StoryBot.Core.Storage.Documents;

/// <summary>A chat following an account. Id = "{chat}|{platform}|{username}", so a duplicate cannot exist.</summary>
internal sealed class SubscriptionDocument
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

    /// <summary>The forum topic the subscription was made in: its stories go there.</summary>
    public int? ThreadId { get; set; }

    public static string Key(long chatId, Platform platform, string username) => $"{chatId}|{platform}|{username}";

    public Subscription ToRecord() =>
        new(ChatId, Platform, Username, AddedBy, StoredTime.Utc(AddedAt), LastDeliveredAt is { } at ? StoredTime.Utc(at) : null, Paused, ThreadId);
}
