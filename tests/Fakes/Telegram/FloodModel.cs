namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>
/// Flood model. When on, a message send (sendMessage/Photo/Video/MediaGroup; an album counts as one call) gets
/// 429 "Too Many Requests: retry after N" with parameters.retry_after = N if it comes sooner than
/// <see cref="PerChatInterval"/> after the previous accepted send to the same chat, if a group chat (negative id)
/// already had <see cref="GroupMessagesPerMinute"/> accepted sends in the last 60 s, or if the whole bot already had
/// <see cref="GlobalMessagesPerSecond"/> accepted sends in the last second.
/// N = max(<see cref="RetryAfterSeconds"/>, seconds until the send would be allowed, rounded up).
/// </summary>
public sealed record FloodModel
{
    public TimeSpan PerChatInterval { get; init; } = TimeSpan.FromSeconds(1);
    public int GroupMessagesPerMinute { get; init; } = 20;
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Bot-wide limit (Telegram's ~30 msg/s). Null disables it.</summary>
    public int? GlobalMessagesPerSecond { get; init; } = 30;
}
