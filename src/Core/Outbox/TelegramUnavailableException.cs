namespace StoryBot.Core.Outbox;

/// <summary>
/// Telegram did not answer (refused, timed out, reset) or answered 5xx: it is down or out of reach for every chat,
/// not busy with one. The message may or may not have arrived.
/// </summary>
public sealed class TelegramUnavailableException(string reason, Exception? inner = null) : Exception(reason, inner);
