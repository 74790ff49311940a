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
using Telegram.Bot.Types.ReplyMarkups;

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

    /// <summary>Replies carry links (profiles, the help's examples): a preview card under each would only be noise.</summary>
    private static readonly LinkPreviewOptions NoPreview = new() { IsDisabled = true };

    public async Task<IReadOnlyList<string?>> SendAlbumAsync(Album album, CancellationToken cancellationToken)
    {
        var (caption, captionLinks) = AccountLinks.Render(Captions.For(album), Captions.MaxLength);
        var streams = new List<Stream>();
        try
        {
            Stream Open(string path)
            {
                var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
                streams.Add(stream);
                return stream;
            }

            var bytes = album.Entries.Sum(UploadBytes);
            if (album.Entries.Count == 1)
            {
                var message = await SendSingleAsync(album.Place, album.Entries[0], caption, captionLinks, Open, bytes, cancellationToken);
                return [FileIdOf(message)];
            }

            var media = album.Entries
                .Select((entry, i) => ToInputMedia(entry, i == 0 ? caption : null, i == 0 ? captionLinks : null, Open))
                .ToList();
            var messages = await Call(album.ChatId, bytes, cancellationToken, token => bot.SendMediaGroup(
                album.ChatId, media, replyParameters: ReplyTo(album.Place), messageThreadId: album.Place.ThreadId, cancellationToken: token));
            return messages.Select(FileIdOf).ToList();
        }
        finally
        {
            foreach (var stream in streams)
                await stream.DisposeAsync();
        }
    }

    public async Task SendTextAsync(ChatPlace place, string text, CancellationToken cancellationToken)
    {
        var (shown, links) = AccountLinks.Render(text);
        await Call(place.ChatId, 0, cancellationToken, token => bot.SendMessage(
            place.ChatId, shown, entities: Entities(links), linkPreviewOptions: NoPreview,
            replyParameters: ReplyTo(place), messageThreadId: place.ThreadId, cancellationToken: token));
    }

    public async Task<int> SendLiveTextAsync(ChatPlace place, LiveText text, CancellationToken cancellationToken)
    {
        var (shown, links) = AccountLinks.Render(text.Text);
        var message = await Call(place.ChatId, 0, cancellationToken, token => bot.SendMessage(
            place.ChatId, shown, entities: Entities(links), linkPreviewOptions: NoPreview,
            replyParameters: ReplyTo(place), messageThreadId: place.ThreadId, replyMarkup: Keyboard(text), cancellationToken: token));
        return message.MessageId;
    }

    public async Task EditLiveTextAsync(long chatId, int messageId, LiveText text, CancellationToken cancellationToken)
    {
        var (shown, links) = AccountLinks.Render(text.Text);
        try
        {
            await Call(chatId, 0, cancellationToken, token => bot.EditMessageText(
                chatId, messageId, shown, entities: Entities(links), linkPreviewOptions: NoPreview, replyMarkup: Keyboard(text), cancellationToken: token));
        }
        catch (ApiRequestException ex) when (ex.Message.Contains("message is not modified", StringComparison.OrdinalIgnoreCase))
        {
            // Already showing this (a double tap, a progress line that did not move): nothing to do.
        }
    }

    /// <summary>One button per row; none means no keyboard at all (an edit without one removes the old one).</summary>
    private static InlineKeyboardMarkup? Keyboard(LiveText text) =>
        text.Buttons.Count == 0
            ? null
            : new InlineKeyboardMarkup(text.Buttons.Select(button => new[] { InlineKeyboardButton.WithCallbackData(button.Label, button.Data) }));

    /// <summary>
    /// Answers the request's message where there is one; if it was deleted meanwhile, the answer goes out all the
    /// same (allow_sending_without_reply).
    /// </summary>
    private static ReplyParameters? ReplyTo(ChatPlace place) =>
        place.ReplyToMessageId is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null;

    public Task SendFailuresAsync(FailureReport report, CancellationToken cancellationToken) =>
        SendTextAsync(report.Place, Replies.Failures(report.Account, report.Failures), cancellationToken);

    /// <summary>Null when there are none: the library then leaves the parameter out.</summary>
    private static MessageEntity[]? Entities(MessageEntity[]? links) => links is { Length: > 0 } ? links : null;

    public async Task ShowActivityAsync(ChatPlace place, ChatActivity activity, CancellationToken cancellationToken)
    {
        var chatId = place.ChatId;
        var action = activity switch
        {
            ChatActivity.UploadingVideo => ChatAction.UploadVideo,
            ChatActivity.UploadingPhoto => ChatAction.UploadPhoto,
            _ => ChatAction.Typing,
        };
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(options.Value.SendTimeout);
            await bot.SendChatAction(chatId, action, messageThreadId: place.ThreadId, cancellationToken: deadline.Token);
        }
        catch (Exception ex) when (ex is RequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Only a courtesy: the upload itself will say whether the chat is reachable.
            logger.LogDebug("Chat action for {ChatId} failed: {Reason}", chatId, ex.Message);
        }
    }

    /// <summary>Private chats take about a message a second; groups 20 a minute.</summary>
    public TimeSpan PacingFor(long chatId) =>
        chatId < 0 ? options.Value.GroupMessageInterval : options.Value.MessageInterval;

    private async Task<Message> SendSingleAsync(
        ChatPlace place, AlbumEntry entry, string caption, MessageEntity[] captionLinks, Func<string, Stream> open, long bytes, CancellationToken cancellationToken)
    {
        var chatId = place.ChatId;
        var media = entry.File;
        var file = Source(entry, open);
        if (entry.Kind == MediaKind.Photo)
            return await Call(chatId, bytes, cancellationToken, token => bot.SendPhoto(
                chatId, file, caption: caption, captionEntities: Entities(captionLinks),
                replyParameters: ReplyTo(place), messageThreadId: place.ThreadId, cancellationToken: token));

        return await Call(chatId, bytes, cancellationToken, token => bot.SendVideo(
            chatId,
            file,
            caption: caption,
            captionEntities: Entities(captionLinks),
            replyParameters: ReplyTo(place),
            messageThreadId: place.ThreadId,
            duration: media?.DurationSeconds,
            width: media?.Width,
            height: media?.Height,
            thumbnail: Thumbnail(entry, open),
            cover: Cover(entry, open),
            supportsStreaming: true,
            cancellationToken: token));
    }

    /// <summary>What an entry uploads: nothing when it goes by file_id, else its file, thumbnail and cover.</summary>
    private static long UploadBytes(AlbumEntry entry) =>
        entry.FileId is not null || entry.File is null
            ? 0
            : new[] { entry.File.Path, entry.File.ThumbnailPath, entry.File.PosterPath ?? entry.File.ThumbnailPath }
                .Sum(path => path is null ? 0 : new FileInfo(path).Length);

    private static IAlbumInputMedia ToInputMedia(AlbumEntry entry, string? caption, MessageEntity[]? captionLinks, Func<string, Stream> open)
    {
        var media = entry.File;
        var file = Source(entry, open);
        if (entry.Kind == MediaKind.Photo)
            return new InputMediaPhoto(file) { Caption = caption, CaptionEntities = Entities(captionLinks) };

        return new InputMediaVideo(file)
        {
            Caption = caption,
            CaptionEntities = Entities(captionLinks),
            Width = media?.Width ?? 0,
            Height = media?.Height ?? 0,
            Duration = media?.DurationSeconds ?? 0,
            SupportsStreaming = true,
            Thumbnail = Thumbnail(entry, open),
            Cover = Cover(entry, open),
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

    /// <summary>
    /// What a video shows before it plays (Bot API 8.3): the site's own poster when it gave one, else our thumbnail.
    /// Only with an upload: a file sent by id keeps what Telegram has.
    /// </summary>
    private static InputFile? Cover(AlbumEntry entry, Func<string, Stream> open) =>
        entry.FileId is null && entry.File is { } file && (file.PosterPath ?? file.ThumbnailPath) is { } cover
            ? InputFile.FromStream(open(cover), "cover.jpg")
            : null;

    private static string FileName(AlbumEntry entry) =>
        $"{entry.Item.Index:D3}.{(entry.Kind == MediaKind.Video ? "mp4" : "jpg")}";

    private static string? FileIdOf(Message message) =>
        message.Photo is { Length: > 0 } sizes ? sizes[^1].FileId
        : message.Video?.FileId ?? message.Document?.FileId;

    /// <summary>
    /// Sends within a deadline that grows with the upload (Telegram:SendTimeout plus the bytes at
    /// Telegram:UploadBytesPerSecond), and turns Telegram's answers into what the outbox acts on
    /// (<see cref="TelegramSendErrors"/>): wait and retry, or give the chat up. A Telegram that does not answer
    /// holds a send for that long, not for the HTTP client's ten minutes.
    /// </summary>
    private async Task<T> Call<T>(long chatId, long bytes, CancellationToken cancellationToken, Func<CancellationToken, Task<T>> send)
    {
        var settings = options.Value;
        var timeout = settings.SendTimeout + TimeSpan.FromSeconds((double)bytes / settings.UploadBytesPerSecond);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await send(deadline.Token);
        }
        catch (Exception ex) when (TelegramSendErrors.ForOutbox(ex, chatId, timeout, cancellationToken.IsCancellationRequested) is { } outboxError)
        {
            throw outboxError;
        }
    }
}
