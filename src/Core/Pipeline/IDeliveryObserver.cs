using StoryBot.Core.Sources;

namespace StoryBot.Core.Pipeline;

/// <summary>Hears what happens to a request's items, chat by chat, as it happens.</summary>
public interface IDeliveryObserver
{
    /// <summary>A file Telegram already has for this item, if any: the item is then neither downloaded nor uploaded.</summary>
    KnownFile? KnownFileId(StoryAccount account, StoryItem item);

    /// <summary>Telegram refused a remembered file_id (another bot token, a wrong kind): forget it, download next time.</summary>
    void FileIdRejected(StoryAccount account, StoryItem item);

    /// <summary>Called right after Telegram accepted an album, before anything else is sent to that chat.</summary>
    Task DeliveredAsync(long chatId, StoryAccount account, IReadOnlyList<DeliveredItem> items, CancellationToken cancellationToken);

    /// <summary>Called once per chat at the end of a request; returns the failures the chat should be told about now.</summary>
    Task<IReadOnlyList<ItemFailure>> FailedAsync(long chatId, StoryAccount account, IReadOnlyList<ItemFailure> failures, CancellationToken cancellationToken);

    /// <summary>Telegram said the chat cannot be reached (blocked, kicked).</summary>
    Task ChatUnreachableAsync(long chatId, CancellationToken cancellationToken);

    /// <summary>
    /// Telegram said the group became a supergroup under <paramref name="newChatId"/>. Nothing more of the request
    /// goes to the old id; what it still had to send is the observer's to send to the new one.
    /// </summary>
    Task ChatMigratedAsync(long chatId, long newChatId, CancellationToken cancellationToken);
}

/// <param name="Kind">What the file was uploaded as (the bytes decide, not what the page announced).</param>
public sealed record KnownFile(string FileId, MediaKind Kind);
