using StoryBot.Core.Sources;

namespace StoryBot.Core.Storage;

/// <summary>A chat following an account, as stored.</summary>
/// <param name="Paused">Telegram said the chat cannot be reached; nothing is sent until it is heard from again.</param>
/// <param name="ThreadId">The forum topic it was made in, where its stories go.</param>
public sealed record Subscription(
    long ChatId,
    Platform Platform,
    string Username,
    long? AddedBy,
    DateTime AddedAt,
    DateTime? LastDeliveredAt,
    bool Paused,
    int? ThreadId = null);
