using System.Globalization;
using System.Text.Json.Nodes;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>Sending photos and videos: file_id reuse, Telegram's limits and checks of uploads, the messages they become.</summary>
public sealed partial class FakeTelegramServer
{
    private const long PhotoUploadLimit = 10_000_000;
    private const long FileUploadLimit = 50_000_000;

    private readonly IssuedFiles _issued = new();
    private long _nextMediaGroupId = 13_800_000_000_000_000 + Random.Shared.Next(1, 1_000_000) * 1000L;

    /// <summary>One item as one message, or 1–10 items as one album (an array of messages sharing a media_group_id).</summary>
    private JsonNode SendItems(ApiCall call, IReadOnlyList<MediaItem> items, bool album)
    {
        lock (_gate)
        {
            CheckPlaceLocked(call, ResolveChatLocked(call));
            foreach (var item in items)
            {
                ResolveExistingLocked(item);
            }
        }

        if (items.Any(i => i.ShownCaption.Length > MaxCaptionLength))
        {
            throw TelegramApiException.BadRequest("message caption is too long");
        }

        foreach (var item in items)
        {
            TextEntities.Validate(item.CaptionEntities, item.Caption ?? "", "caption_entities");
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (InspectUpload(items[i]) is { } failure)
            {
                throw TelegramApiException.BadRequest(album ? $"failed to send message #{i + 1} with the error message \"{failure}\"" : failure);
            }
        }

        lock (_gate)
        {
            var chat = ResolveChatLocked(call);
            _flood.Admit(chat);
            if (!album)
            {
                return CommitLocked(chat, items[0], null);
            }

            var mediaGroupId = (_nextMediaGroupId++).ToString(CultureInfo.InvariantCulture);
            return new JsonArray(items.Select(item => (JsonNode)CommitLocked(chat, item, mediaGroupId)).ToArray());
        }
    }

    /// <summary>file_id references: unknown → wrong file identifier; another kind → type of file mismatch.</summary>
    private void ResolveExistingLocked(MediaItem item)
    {
        if (item.FileId is null)
        {
            return;
        }

        var record = _issued.Find(item.FileId) ?? throw TelegramApiException.BadRequest("wrong file identifier/HTTP URL specified");
        item.Existing = record.Kind == item.KindName ? record : throw TelegramApiException.BadRequest("type of file mismatch");
    }

    /// <summary>Size limits (413) and content checks of a new upload. Returns the server error code of a processing failure.</summary>
    private static string? InspectUpload(MediaItem item)
    {
        if (item.Upload is { } upload)
        {
            if (upload.Length > (item.Requested == MediaKind.Photo ? PhotoUploadLimit : FileUploadLimit))
            {
                throw new TelegramApiException(413, "Request Entity Too Large");
            }

            if (upload.Length == 0)
            {
                throw TelegramApiException.BadRequest("file must be non-empty");
            }

            if (item.Requested == MediaKind.Photo)
            {
                var image = MediaSniffer.ReadImage(upload.SavedPath);
                item.Image = image;
                if (image.Format == ImageFormat.None || !image.HasDimensions)
                {
                    return "IMAGE_PROCESS_FAILED";
                }

                if (image.Width + image.Height > MaxLength || (double)Math.Max(image.Width, image.Height) / Math.Min(image.Width, image.Height) > 20)
                {
                    return "PHOTO_INVALID_DIMENSIONS";
                }
            }
            else
            {
                item.IsMp4 = MediaSniffer.LooksLikeMp4(upload.SavedPath);
            }
        }

        if (item.Thumbnail is { Length: > 0 } thumbnail)
        {
            item.ThumbnailImage = MediaSniffer.ReadImage(thumbnail.SavedPath);
        }

        // A cover is a photo: the photo limits apply (docs/telegram-bot-api.md §12).
        if (item.Cover is { } cover)
        {
            var image = MediaSniffer.ReadImage(cover.SavedPath);
            if (cover.Length == 0 || image.Width == 0 || image.Height == 0)
            {
                return "IMAGE_PROCESS_FAILED";
            }

            if (cover.Length > 10_000_000 || image.Width + image.Height > MaxLength)
            {
                return "PHOTO_INVALID_DIMENSIONS";
            }
        }

        return null;
    }

    private JsonObject CommitLocked(ChatState chat, MediaItem item, string? mediaGroupId)
    {
        var message = NewMessageJsonLocked(chat);
        if (mediaGroupId is not null)
        {
            message["media_group_id"] = mediaGroupId;
        }

        var kind = item.ResultKind;
        string fileId;
        if (kind == "photo")
        {
            var sizes = item.Existing?.Json.DeepClone().AsArray() ?? _issued.NewPhoto(item.Upload!, item.Image);
            fileId = sizes[^1]!["file_id"]!.GetValue<string>();
            message["photo"] = sizes;
        }
        else
        {
            var file = item.Existing?.Json.DeepClone().AsObject() ?? (kind == "video" ? _issued.NewVideo(item) : _issued.NewDocument(item));
            fileId = file["file_id"]!.GetValue<string>();
            message[kind] = file;
        }

        if (item.ShownCaption.Length > 0)
        {
            message["caption"] = item.ShownCaption;
        }

        var isNew = item.Existing is null;
        RecordSentLocked(new SentMessage(
            chat.Id,
            message["message_id"]!.GetValue<int>(),
            kind,
            null,
            string.IsNullOrEmpty(item.Caption) ? null : item.Caption,
            mediaGroupId,
            fileId,
            isNew ? item.Upload : null,
            isNew ? item.Thumbnail : null,
            item.Width,
            item.Height,
            item.Duration,
            item.SupportsStreaming)
        {
            Cover = item.Cover,
        });
        return message;
    }
}
