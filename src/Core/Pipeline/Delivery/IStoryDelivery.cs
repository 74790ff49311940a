using StoryBot.Core.Sources;

namespace StoryBot.Core.Pipeline.Delivery;

/// <summary>
/// Where finished media goes. Implemented by the Telegram side; the pipeline knows nothing of Telegram types.
/// </summary>
public interface IStoryDelivery
{
    /// <summary>Sends the album and returns one file id per entry, in order.</summary>
    /// <exception cref="DeliveryRateLimitedException">Try the same album again after the given delay.</exception>
    /// <exception cref="ChatUnreachableException">The chat cannot receive anything (blocked, kicked, gone).</exception>
    Task<IReadOnlyList<string?>> SendAlbumAsync(Album album, CancellationToken cancellationToken);

    /// <summary>Sends a plain text message.</summary>
    /// <exception cref="DeliveryRateLimitedException">Try again after the given delay.</exception>
    /// <exception cref="ChatUnreachableException">The chat cannot receive anything.</exception>
    Task SendTextAsync(long chatId, string text, CancellationToken cancellationToken);

    /// <summary>Tells the chat which items could not be brought.</summary>
    Task SendFailuresAsync(long chatId, StoryAccount account, IReadOnlyList<ItemFailure> failures, CancellationToken cancellationToken);

    /// <summary>Shows "sending a photo/video…" in the chat; best effort.</summary>
    Task ShowUploadingAsync(long chatId, MediaKind kind, CancellationToken cancellationToken);

    /// <summary>Shortest gap between two messages to this chat (Telegram: ~1/s per chat, 20/min per group).</summary>
    TimeSpan PacingFor(long chatId);
}
