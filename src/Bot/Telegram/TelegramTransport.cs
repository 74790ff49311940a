using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoryBot.Bot.Texts;
using StoryBot.Core.Outbox;
using StoryBot.Core.Sources;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace StoryBot.Bot.Telegram;

/// <summary>
/// Uploads prepared files to Telegram: one item as sendPhoto/sendVideo, 2–10 as one sendMediaGroup.
/// Files are streamed from disk (seekable FileStreams), never read into memory.
/// <para>
/// 429 handling is ours, not the library's: the client is built with RetryThreshold = 0 so a 429 surfaces here,
/// and the outbox waits retry_after without holding a send slot. The library's built-in retry would sleep inside
/// a send (holding a slot every chat needs) and buffers non-seekable bodies.
/// </para>
/// </summary>
public sealed class TelegramTransport(
    [FromKeyedServices(TelegramTransport.ClientKey)] ITelegramBotClient bot,
    IOptions<TelegramOptions> options,
    ILogger<TelegramTransport> logger) : IChatTransport
{
    /// <summary>The client whose built-in 429 retry is off.</summary>
    public const string ClientKey = "chat-sends";

    private static readonly TimeSpan RetryMargin = TimeSpan.FromMilliseconds(100);

    /// <summary>When Telegram answers 429 without retry_after.</summary>
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlyList<string?>> SendAlbumAsync(Album album, CancellationToken cancellationToken)
    {
        var caption = Captions.For(album);
        var streams = new List<Stream>();
        try
        {
            Stream Open(string path)
            {
                var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
                streams.Add(stream);
                return stream;
            }

            if (album.Entries.Count == 1)
            {
                var message = await SendSingleAsync(album.ChatId, album.Entries[0], caption, Open, cancellationToken);
                return [FileIdOf(message)];
            }

            var media = album.Entries
                .Select((entry, i) => ToInputMedia(entry, i == 0 ? caption : null, Open))
                .ToList();
            var messages = await Call(album.ChatId, () => bot.SendMediaGroup(album.ChatId, media, cancellationToken: cancellationToken));
            return messages.Select(FileIdOf).ToList();
        }
        finally
        {
            foreach (var stream in streams)
                await stream.DisposeAsync();
        }
    }

    public async Task SendTextAsync(long chatId, string text, CancellationToken cancellationToken) =>
        await Call(chatId, () => bot.SendMessage(chatId, text, cancellationToken: cancellationToken));

    public async Task SendFailuresAsync(FailureReport report, CancellationToken cancellationToken) =>
        await Call(report.ChatId, () => bot.SendMessage(report.ChatId, Replies.Failures(report.Account, report.Failures), cancellationToken: cancellationToken));

    public async Task ShowActivityAsync(long chatId, ChatActivity activity, CancellationToken cancellationToken)
    {
        var action = activity switch
        {
            ChatActivity.UploadingVideo => ChatAction.UploadVideo,
            ChatActivity.UploadingPhoto => ChatAction.UploadPhoto,
            _ => ChatAction.Typing,
        };
        try
        {
            await bot.SendChatAction(chatId, action, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is RequestException)
        {
            // Only a courtesy: the upload itself will say whether the chat is reachable.
            logger.LogDebug("Chat action for {ChatId} failed: {Reason}", chatId, ex.Message);
        }
    }

    /// <summary>Private chats take about a message a second; groups 20 a minute.</summary>
    public TimeSpan PacingFor(long chatId) =>
        chatId < 0 ? options.Value.GroupMessageInterval : options.Value.MessageInterval;

    private async Task<Message> SendSingleAsync(
        long chatId, AlbumEntry entry, string caption, Func<string, Stream> open, CancellationToken cancellationToken)
    {
        var media = entry.File;
        var file = Source(entry, open);
        if (entry.Kind == MediaKind.Photo)
            return await Call(chatId, () => bot.SendPhoto(chatId, file, caption: caption, cancellationToken: cancellationToken));

        return await Call(chatId, () => bot.SendVideo(
            chatId,
            file,
            caption: caption,
            duration: media?.DurationSeconds,
            width: media?.Width,
            height: media?.Height,
            thumbnail: Thumbnail(entry, open),
            supportsStreaming: true,
            cancellationToken: cancellationToken));
    }

    private static IAlbumInputMedia ToInputMedia(AlbumEntry entry, string? caption, Func<string, Stream> open)
    {
        var media = entry.File;
        var file = Source(entry, open);
        if (entry.Kind == MediaKind.Photo)
            return new InputMediaPhoto(file) { Caption = caption };

        return new InputMediaVideo(file)
        {
            Caption = caption,
            Width = media?.Width ?? 0,
            Height = media?.Height ?? 0,
            Duration = media?.DurationSeconds ?? 0,
            SupportsStreaming = true,
            Thumbnail = Thumbnail(entry, open),
        };
    }

    /// <summary>By file_id when Telegram already has the file (no second upload), else streamed from disk.</summary>
    private static InputFile Source(AlbumEntry entry, Func<string, Stream> open) =>
        entry.FileId is { } fileId
            ? InputFile.FromFileId(fileId)
            : InputFile.FromStream(open(entry.File!.Path), FileName(entry));

    /// <summary>Thumbnails cannot be reused by id; a file sent by id keeps the one Telegram already has.</summary>
    private static InputFile? Thumbnail(AlbumEntry entry, Func<string, Stream> open) =>
        entry.FileId is null && entry.File?.ThumbnailPath is { } thumb ? InputFile.FromStream(open(thumb), "thumb.jpg") : null;

    private static string FileName(AlbumEntry entry) =>
        $"{entry.Item.Index:D3}.{(entry.Kind == MediaKind.Video ? "mp4" : "jpg")}";

    private static string? FileIdOf(Message message) =>
        message.Photo is { Length: > 0 } sizes ? sizes[^1].FileId
        : message.Video?.FileId ?? message.Document?.FileId;

    /// <summary>Turns Telegram's answers into what the outbox acts on: wait and retry, or give the chat up.</summary>
    private async Task<T> Call<T>(long chatId, Func<Task<T>> send)
    {
        try
        {
            return await send();
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 429)
        {
            // retry_after is whole seconds, and a timer can fire a millisecond early: a little margin avoids a second 429.
            var retryAfter = (ex.Parameters?.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultRetryAfter) + RetryMargin;
            throw new DeliveryRateLimitedException(retryAfter, ex);
        }
        catch (ApiRequestException ex) when (ex.Parameters?.MigrateToChatId is { } newChatId)
        {
            throw new ChatMigratedException(chatId, newChatId, ex);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 403 ||
                                             (ex.ErrorCode == 400 && ex.Message.Contains("chat not found", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ChatUnreachableException(chatId, ex.Message, ex);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode >= 500)
        {
            logger.LogWarning("Telegram answered {Status} for chat {ChatId}; retrying", ex.ErrorCode, chatId);
            throw new DeliveryRateLimitedException(DefaultRetryAfter, ex);
        }
        catch (RequestException ex) when (ex is not ApiRequestException)
        {
            // No answer (connection lost, timeout). Retrying may duplicate an album that did arrive; losing it
            // silently would be worse.
            logger.LogWarning("No answer from Telegram for chat {ChatId} ({Reason}); retrying", chatId, ex.Message);
            throw new DeliveryRateLimitedException(DefaultRetryAfter, ex);
        }
    }
}
