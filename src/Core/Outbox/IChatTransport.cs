namespace StoryBot.Core.Outbox;

/// <summary>
/// How a message physically reaches a chat: implemented by the Telegram side, called only by the
/// <see cref="ChatOutbox"/>, which decides when and in what order. Core knows nothing of Telegram's types.
/// </summary>
public interface IChatTransport
{
    /// <summary>Sends the album and returns one file id per entry, in order.</summary>
    /// <exception cref="DeliveryRateLimitedException">Try the same album again after the given delay.</exception>
    /// <exception cref="ChatUnreachableException">The chat cannot receive anything (blocked, kicked, gone).</exception>
    /// <exception cref="ChatMigratedException">The group became a supergroup; nothing was sent.</exception>
    Task<IReadOnlyList<string?>> SendAlbumAsync(Album album, CancellationToken cancellationToken);

    /// <summary>Sends a plain text message (same exceptions).</summary>
    Task SendTextAsync(ChatPlace place, string text, CancellationToken cancellationToken);

    /// <summary>Sends a text the bot may edit later, with its buttons; returns its message id (same exceptions).</summary>
    Task<int> SendLiveTextAsync(ChatPlace place, LiveText text, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a live text and its buttons. An edit that changes nothing is not an error (same exceptions; a
    /// message that is gone is refused).
    /// </summary>
    Task EditLiveTextAsync(long chatId, int messageId, LiveText text, CancellationToken cancellationToken);

    /// <summary>Tells the chat which items could not be brought (same exceptions).</summary>
    Task SendFailuresAsync(FailureReport report, CancellationToken cancellationToken);

    /// <summary>Shows "typing…" or "sending a photo/video…" in the chat; best effort, never throws for Telegram's answers.</summary>
    Task ShowActivityAsync(ChatPlace place, ChatActivity activity, CancellationToken cancellationToken);

    /// <summary>Shortest gap between two messages to this chat (Telegram: ~1/s per chat, 20/min per group).</summary>
    TimeSpan PacingFor(long chatId);
}
