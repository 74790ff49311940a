using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>sendPhoto, sendVideo and sendMediaGroup: the requests, read strictly.</summary>
public sealed partial class FakeTelegramServer
{
    private const int MaxCaptionLength = 1024;
    private const int MaxLength = 10000;
    private const int MaxDuration = 24 * 60 * 60;

    private JsonNode SendMedia(ApiCall call, MediaKind kind)
    {
        var field = kind == MediaKind.Photo ? "photo" : "video";
        var (upload, fileId) = Input(call, call.Arg(field)) ?? throw TelegramApiException.BadRequest($"there is no {field} in the request");
        var item = new MediaItem
        {
            Requested = kind,
            Upload = upload,
            FileId = fileId,
            Thumbnail = Thumbnail(call, call.Arg("thumbnail")),
            Cover = Cover(call, call.Arg("cover"), kind),
            Width = call.OptionalInt("width", MaxLength),
            Height = call.OptionalInt("height", MaxLength),
            Duration = call.OptionalInt("duration", MaxDuration),
            SupportsStreaming = call.Bool("supports_streaming"),
            Caption = call.Arg("caption"),
            CaptionEntities = TextEntities.Parse(call.Arg("caption_entities"), "caption_entities"),
        };
        call.RefuseUnusedFiles();
        return SendItems(call, [item], album: false);
    }

    private JsonNode SendMediaGroup(ApiCall call)
    {
        var raw = call.Arg("media");
        if (string.IsNullOrEmpty(raw))
        {
            throw TelegramApiException.BadRequest("parameter \"media\" is required");
        }

        if (ParseJson(raw, "media") is not JsonArray array)
        {
            throw TelegramApiException.BadRequest("expected an Array of InputMedia");
        }

        var items = array.Select((element, i) => AlbumItem(call, element, i)).ToList();
        call.RefuseUnusedFiles();
        lock (_gate)
        {
            ResolveChatLocked(call);
        }

        if (items.Count == 0)
        {
            throw TelegramApiException.BadRequest("there are no messages to send");
        }

        if (items.Count > 10)
        {
            throw TelegramApiException.BadRequest("too many messages to send as an album");
        }

        return SendItems(call, items, album: true);
    }

    /// <summary>An InputMediaPhoto or InputMediaVideo with only the fields the fake implements.</summary>
    private static MediaItem AlbumItem(ApiCall call, JsonNode? element, int index)
    {
        static TelegramApiException Invalid(string message) => TelegramApiException.BadRequest("can't parse InputMedia: " + message);

        if (element is not JsonObject obj)
        {
            throw Invalid("expected an Object");
        }

        string? OptionalString(string name) => obj[name] switch
        {
            null => null,
            var node when node.GetValueKind() == JsonValueKind.String => node.GetValue<string>(),
            _ => throw Invalid($"Field \"{name}\" must be of type String"),
        };

        int? OptionalNumber(string name, int max)
        {
            if (obj[name] is not { } node)
            {
                return null;
            }

            if (node.GetValueKind() is not (JsonValueKind.Number or JsonValueKind.String)
                || !long.TryParse(node.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                throw Invalid($"Field \"{name}\" must be of type Number");
            }

            return (int)Math.Clamp(value, 0, max);
        }

        var type = OptionalString("type") ?? throw Invalid("Can't find field \"type\"");
        var (kind, fields) = type switch
        {
            "photo" => (MediaKind.Photo, ApiMethod.InputMediaPhoto),
            "video" => (MediaKind.Video, ApiMethod.InputMediaVideo),
            _ => throw Invalid($"type \"{type}\" is not implemented by the fake Telegram server"),
        };
        if (obj.Select(p => p.Key).Order(StringComparer.Ordinal).FirstOrDefault(key => !fields.Contains(key)) is { } unknown)
        {
            throw TelegramApiException.NotImplemented($"media[{index}].{unknown}");
        }

        var (upload, fileId) = Input(call, OptionalString("media")) ?? throw Invalid("media not found");
        return new MediaItem
        {
            Requested = kind,
            Upload = upload,
            FileId = fileId,
            Thumbnail = Thumbnail(call, OptionalString("thumbnail")),
            Cover = Cover(call, OptionalString("cover"), kind),
            Width = OptionalNumber("width", MaxLength),
            Height = OptionalNumber("height", MaxLength),
            Duration = OptionalNumber("duration", MaxDuration),
            SupportsStreaming = obj["supports_streaming"] is { } streaming
                && (streaming.GetValueKind() == JsonValueKind.True || ApiCall.IsTrue(streaming.ToString())),
            Caption = OptionalString("caption"),
            CaptionEntities = obj["caption_entities"]?.DeepClone(),
        };
    }

    /// <summary>"attach://x" → the upload in part x; any other non-empty value → a file_id (sending by URL is not implemented).</summary>
    private static (UploadedFile? Upload, string? FileId)? Input(ApiCall call, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.StartsWith("attach://", StringComparison.Ordinal))
        {
            return call.Attached(value) is { } upload ? (upload, null) : null;
        }

        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw TelegramApiException.BadRequest("sending a file by URL is not implemented by the fake Telegram server");
        }

        return (null, value);
    }

    /// <summary>
    /// A video's cover: Telegram takes any InputFile; the fake implements uploads ("attach://x") only. Only videos
    /// have one. Its image is checked as a photo's is (<see cref="InspectUpload"/>).
    /// </summary>
    private static UploadedFile? Cover(ApiCall call, string? value, MediaKind kind)
    {
        if (value is null)
            return null;
        if (kind != MediaKind.Video)
            throw TelegramApiException.NotImplemented("cover of a photo");
        return call.Attached(value) ?? throw TelegramApiException.NotImplemented("a cover that is not \"attach://<file part>\"");
    }

    /// <summary>A thumbnail can only be a new upload, "attach://x".</summary>
    private static UploadedFile? Thumbnail(ApiCall call, string? value) => value is null
        ? null
        : call.Attached(value) ?? throw TelegramApiException.BadRequest("thumbnail must be \"attach://<file part>\" in the fake Telegram server");
}
