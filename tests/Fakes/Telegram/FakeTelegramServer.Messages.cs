using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace StoryBot.Tests.Fakes.Telegram;

public sealed partial class FakeTelegramServer
{
    private const long PhotoUploadLimit = 10_000_000;
    private const long FileUploadLimit = 50_000_000;
    private const long PhotoUrlLimit = 5_000_000;
    private const long FileUrlLimit = 20_000_000;
    private const int MaxTextLength = 4096;
    private const int MaxCaptionLength = 1024;
    private const int MaxLength = 10000;
    private const int MaxDuration = 24 * 60 * 60;
    private const string NotModified =
        "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

    private static readonly HashSet<string> ChatActions = new(
        [
            "cancel", "typing", "record_video", "upload_video", "record_audio", "record_voice", "upload_audio", "upload_voice",
            "upload_photo", "upload_document", "choose_sticker", "pick_up_location", "find_location", "record_video_note",
            "upload_video_note",
        ],
        StringComparer.Ordinal);

    private static long _fileCounter;

    private readonly Dictionary<long, ChatState> _chats = [];
    private readonly Dictionary<string, long> _usernameChats = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, FileRecord> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonArray> _commands = new(StringComparer.Ordinal);
    private readonly Queue<long> _globalSends = new();
    private long _nextMediaGroupId = 13_800_000_000_000_000 + Random.Shared.Next(1, 1_000_000) * 1000L;

    private enum MediaKind
    {
        Photo,
        Video,
        Document,
    }

    private sealed class ChatState
    {
        public required long Id { get; init; }
        public required string Type { get; set; }
        public string? Username { get; init; }
        public int NextMessageId { get; set; } = 1;
        public Dictionary<int, StoredMessage> Messages { get; } = [];
        public long? LastAcceptedSend { get; set; }
        public Queue<long> RecentSends { get; } = new();
    }

    private sealed record StoredMessage(int Id, JsonObject Json, bool FromBot, string Kind, FormattedText? Text, string? ReplyMarkupJson);

    /// <summary>A file_id the fake issued. Json: for photos the whole size array, otherwise the video/document/thumbnail object.</summary>
    private sealed record FileRecord(string FileId, string Kind, JsonNode Json);

    private sealed record ReplyTarget(int MessageId, bool AllowWithoutReply);

    private sealed class MediaItem
    {
        public required MediaKind Requested { get; init; }
        public UploadedFile? Upload { get; set; }
        public string? Reference { get; init; }
        public FileRecord? Existing { get; set; }
        public UploadedFile? Thumbnail { get; init; }
        public ImageInfo Image { get; set; }
        public bool IsMp4 { get; set; }
        public ImageInfo ThumbnailImage { get; set; }
        public int? Width { get; init; }
        public int? Height { get; init; }
        public int? Duration { get; init; }
        public bool SupportsStreaming { get; init; }
        public bool HasSpoiler { get; init; }
        public bool ShowCaptionAboveMedia { get; init; }
        public string? RawCaption { get; init; }
        public string? ParseMode { get; init; }
        public FormattedText? Caption { get; init; }

        public string ResultKind => Requested switch
        {
            MediaKind.Photo => "photo",
            MediaKind.Video when Existing is not null => Existing.Kind,
            MediaKind.Video => IsMp4 ? "video" : "document",
            _ => "document",
        };
    }

    // ------------------------------------------------------------------ chats

    private ChatState GetChatLocked(long chatId, string? typeOverride)
    {
        if (!_chats.TryGetValue(chatId, out var chat))
        {
            chat = new ChatState { Id = chatId, Type = typeOverride ?? DeriveChatType(chatId) };
            _chats[chatId] = chat;
        }
        else if (typeOverride is not null)
        {
            chat.Type = typeOverride;
        }

        return chat;
    }

    private static string DeriveChatType(long chatId) => chatId switch
    {
        > 0 => "private",
        <= -1_000_000_000_000 => "supergroup",
        _ => "group",
    };

    private ChatState ResolveChatLocked(Call call)
    {
        var raw = call.ArgOrEmpty("chat_id");
        if (raw.Length == 0)
        {
            throw TelegramApiException.BadRequest("chat_id is empty");
        }

        if (raw[0] == '@')
        {
            if (!_usernameChats.TryGetValue(raw[1..], out var id))
            {
                id = -1_000_000_000_000 - (1_000_000_000 + _usernameChats.Count);
                _usernameChats[raw[1..]] = id;
                _chats[id] = new ChatState { Id = id, Type = "channel", Username = raw[1..] };
            }

            return _chats[id];
        }

        if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId) || chatId == 0)
        {
            throw TelegramApiException.BadRequest("chat not found");
        }

        return GetChatLocked(chatId, null);
    }

    private static JsonObject ChatJson(ChatState chat)
    {
        var abs = Math.Abs(chat.Id).ToString(CultureInfo.InvariantCulture);
        return chat.Type switch
        {
            "private" => new JsonObject
            {
                ["id"] = chat.Id,
                ["first_name"] = "Test",
                ["last_name"] = "User" + abs,
                ["username"] = "user" + abs,
                ["type"] = "private",
            },
            "group" => new JsonObject
            {
                ["id"] = chat.Id,
                ["title"] = "Test group " + abs,
                ["type"] = "group",
                ["all_members_are_administrators"] = true,
            },
            _ when chat.Username is not null => new JsonObject
            {
                ["id"] = chat.Id,
                ["title"] = "Test " + chat.Type + " " + chat.Username,
                ["username"] = chat.Username,
                ["type"] = chat.Type,
            },
            _ => new JsonObject { ["id"] = chat.Id, ["title"] = "Test " + chat.Type + " " + abs, ["type"] = chat.Type },
        };
    }

    private JsonObject BotUserJson() => new()
    {
        ["id"] = BotId,
        ["is_bot"] = true,
        ["first_name"] = "StoryBot Test",
        ["username"] = BotUsername,
    };

    private JsonObject NewMessageJson(ChatState chat, int messageId)
    {
        var message = new JsonObject { ["message_id"] = messageId };
        if (chat.Type == "channel")
        {
            message["sender_chat"] = ChatJson(chat);
        }
        else
        {
            message["from"] = BotUserJson();
        }

        message["chat"] = ChatJson(chat);
        message["date"] = UnixNow();
        return message;
    }

    // ------------------------------------------------------------------ common parameter parsing

    private static string LowerFirst(string message) =>
        message.Length >= 2 && (message[1] == '_' || char.IsAsciiLetterUpper(message[1]))
            ? message
            : char.ToLowerInvariant(message[0]) + message[1..];

    private static FormattedText ParseText(string text, string? parseMode, string? entities)
    {
        try
        {
            return TelegramTextParser.Parse(text, parseMode, entities);
        }
        catch (TextParseException error)
        {
            throw TelegramApiException.BadRequest(LowerFirst(error.Message));
        }
    }

    private static JsonObject? ParseObjectArg(Call call, string name, string what)
    {
        var raw = call.Arg(name);
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        return ParseJson(raw, what) as JsonObject ?? throw TelegramApiException.BadRequest($"object expected as {what}");
    }

    /// <summary>A JSON-serialized parameter; unparsable JSON is Telegram's "can't parse {what} JSON object".</summary>
    private static JsonNode? ParseJson(string raw, string what)
    {
        try
        {
            return JsonNode.Parse(raw);
        }
        catch (JsonException)
        {
            throw TelegramApiException.BadRequest($"can't parse {what} JSON object");
        }
    }

    /// <summary>reply_markup: only inline keyboards are echoed in the message, like Telegram does.</summary>
    private static JsonObject? ParseReplyMarkup(Call call)
    {
        var markup = ParseObjectArg(call, "reply_markup", "reply keyboard markup");
        if (markup is null)
        {
            return null;
        }

        if (markup["inline_keyboard"] is { } keyboard)
        {
            if (keyboard is not JsonArray rows || rows.Any(r => r is not JsonArray))
            {
                throw TelegramApiException.BadRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
            }

            return new JsonObject { ["inline_keyboard"] = keyboard.DeepClone() };
        }

        return null;
    }

    private static ReplyTarget? ParseReply(Call call)
    {
        if (call.Request.Fields.ContainsKey("reply_parameters"))
        {
            var reply = ParseObjectArg(call, "reply_parameters", "reply parameters");
            if (reply is null || reply.Count == 0)
            {
                return null;
            }

            var messageId = reply["message_id"] is { } id && int.TryParse(id.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
            var allow = reply["allow_sending_without_reply"] is { } a && ToBool(a.ToString());
            return messageId > 0 ? new ReplyTarget(messageId, allow) : null;
        }

        var legacy = call.Int("reply_to_message_id", 0);
        return legacy > 0 ? new ReplyTarget(legacy, call.Bool("allow_sending_without_reply")) : null;
    }

    private static void ValidateLinkPreviewOptions(Call call) => ParseObjectArg(call, "link_preview_options", "link preview options");

    // ------------------------------------------------------------------ flood + commit helpers

    private void FloodCheckLocked(ChatState chat)
    {
        var flood = _options.Flood;
        if (flood is null)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        var wait = TimeSpan.Zero;
        if (chat.LastAcceptedSend is { } last)
        {
            var since = Stopwatch.GetElapsedTime(last, now);
            if (since < flood.PerChatInterval)
            {
                wait = flood.PerChatInterval - since;
            }
        }

        if (chat.Id < 0 && flood.GroupMessagesPerMinute > 0)
        {
            while (chat.RecentSends.Count > 0 && Stopwatch.GetElapsedTime(chat.RecentSends.Peek(), now) >= TimeSpan.FromMinutes(1))
            {
                chat.RecentSends.Dequeue();
            }

            if (chat.RecentSends.Count >= flood.GroupMessagesPerMinute)
            {
                var groupWait = TimeSpan.FromMinutes(1) - Stopwatch.GetElapsedTime(chat.RecentSends.Peek(), now);
                wait = groupWait > wait ? groupWait : wait;
            }
        }

        if (flood.GlobalMessagesPerSecond is { } global && global > 0)
        {
            while (_globalSends.Count > 0 && Stopwatch.GetElapsedTime(_globalSends.Peek(), now) >= TimeSpan.FromSeconds(1))
            {
                _globalSends.Dequeue();
            }

            if (_globalSends.Count >= global)
            {
                var globalWait = TimeSpan.FromSeconds(1) - Stopwatch.GetElapsedTime(_globalSends.Peek(), now);
                wait = globalWait > wait ? globalWait : wait;
            }
        }

        if (wait > TimeSpan.Zero)
        {
            var retryAfter = Math.Max(flood.RetryAfterSeconds, (int)Math.Ceiling(wait.TotalSeconds));
            throw new TelegramApiException(429, $"Too Many Requests: retry after {retryAfter}", retryAfter);
        }

        chat.LastAcceptedSend = now;
        if (chat.Id < 0)
        {
            chat.RecentSends.Enqueue(now);
        }

        _globalSends.Enqueue(now);
    }

    private static JsonObject? ReplyJsonLocked(ChatState chat, ReplyTarget? reply)
    {
        if (reply is null)
        {
            return null;
        }

        if (chat.Messages.TryGetValue(reply.MessageId, out var target))
        {
            return (JsonObject)target.Json.DeepClone();
        }

        return reply.AllowWithoutReply ? null : throw TelegramApiException.BadRequest("message to be replied not found");
    }

    private void RecordSentLocked(SentMessage message)
    {
        if (!_sent.TryGetValue(message.ChatId, out var list))
        {
            list = [];
            _sent[message.ChatId] = list;
        }

        list.Add(message);
        SignalChangedLocked();
    }

    private void UpdateSentLocked(long chatId, int messageId, Func<SentMessage, SentMessage> change)
    {
        if (_sent.TryGetValue(chatId, out var list))
        {
            var index = list.FindIndex(m => m.MessageId == messageId);
            if (index >= 0)
            {
                list[index] = change(list[index]);
                SignalChangedLocked();
            }
        }
    }

    // ------------------------------------------------------------------ sendMessage / sendChatAction / edit / delete

    private JsonObject SendMessage(Call call)
    {
        ValidateLinkPreviewOptions(call);
        var raw = call.ArgOrEmpty("text");
        if (raw.Length == 0)
        {
            throw TelegramApiException.BadRequest("message text is empty");
        }

        var parseMode = call.Arg("parse_mode");
        var text = ParseText(raw, parseMode, call.Arg("entities"));
        var markup = ParseReplyMarkup(call);
        var reply = ParseReply(call);
        lock (_gate)
        {
            var chat = ResolveChatLocked(call);
            if (text.Text.Length == 0)
            {
                throw TelegramApiException.BadRequest("message text is empty");
            }

            if (text.Text.Length > MaxTextLength)
            {
                throw TelegramApiException.BadRequest("message is too long");
            }

            var replyJson = ReplyJsonLocked(chat, reply);
            FloodCheckLocked(chat);
            var messageId = chat.NextMessageId++;
            var message = NewMessageJson(chat, messageId);
            if (replyJson is not null)
            {
                message["reply_to_message"] = replyJson;
            }

            message["text"] = text.Text;
            if (text.Entities.Count > 0)
            {
                message["entities"] = text.EntitiesJson();
            }

            if (markup is not null)
            {
                message["reply_markup"] = markup;
            }

            chat.Messages[messageId] = new StoredMessage(messageId, (JsonObject)message.DeepClone(), true, "text", text, markup?.ToJsonString());
            RecordSentLocked(new SentMessage(chat.Id, messageId, "text", raw, null, null, "", null, null, null, null, null, false, parseMode)
            {
                RenderedText = text.Text,
            });
            return message;
        }
    }

    private JsonNode SendChatAction(Call call)
    {
        var action = call.ArgOrEmpty("action").ToLowerInvariant();
        if (!ChatActions.Contains(action))
        {
            throw TelegramApiException.BadRequest("wrong parameter action in request");
        }

        lock (_gate)
        {
            ResolveChatLocked(call);
        }

        return true;
    }

    private JsonObject EditMessageText(Call call)
    {
        ValidateLinkPreviewOptions(call);
        var raw = call.ArgOrEmpty("text");
        if (raw.Length == 0)
        {
            throw TelegramApiException.BadRequest("message text is empty");
        }

        var parseMode = call.Arg("parse_mode");
        var text = ParseText(raw, parseMode, call.Arg("entities"));
        var markup = ParseReplyMarkup(call);
        var messageId = call.Int("message_id", 0);
        if (string.IsNullOrEmpty(call.Arg("chat_id")) && messageId == 0)
        {
            throw string.IsNullOrEmpty(call.Arg("inline_message_id"))
                ? TelegramApiException.BadRequest("message identifier is not specified")
                : TelegramApiException.BadRequest("MESSAGE_ID_INVALID");
        }

        lock (_gate)
        {
            var chat = ResolveChatLocked(call);
            if (!chat.Messages.TryGetValue(messageId, out var stored))
            {
                throw TelegramApiException.BadRequest("message to edit not found");
            }

            if (!stored.FromBot)
            {
                throw TelegramApiException.BadRequest("message can't be edited");
            }

            if (stored.Kind != "text")
            {
                throw TelegramApiException.BadRequest("there is no text in the message to edit");
            }

            if (text.Text.Length == 0)
            {
                throw TelegramApiException.BadRequest("message text is empty");
            }

            if (text.Text.Length > MaxTextLength)
            {
                throw TelegramApiException.BadRequest("message is too long");
            }

            var markupJson = markup?.ToJsonString();
            if (stored.Text?.Signature() == text.Signature() && stored.ReplyMarkupJson == markupJson)
            {
                throw TelegramApiException.BadRequest(NotModified);
            }

            var message = (JsonObject)stored.Json.DeepClone();
            message["text"] = text.Text;
            message.Remove("entities");
            if (text.Entities.Count > 0)
            {
                message["entities"] = text.EntitiesJson();
            }

            message.Remove("reply_markup");
            if (markup is not null)
            {
                message["reply_markup"] = markup;
            }

            message["edit_date"] = UnixNow();
            chat.Messages[messageId] = stored with { Json = (JsonObject)message.DeepClone(), Text = text, ReplyMarkupJson = markupJson };
            UpdateSentLocked(chat.Id, messageId, m => m with { Text = raw, ParseMode = parseMode, RenderedText = text.Text, EditCount = m.EditCount + 1 });
            return message;
        }
    }

    private JsonNode DeleteMessage(Call call)
    {
        if (string.IsNullOrEmpty(call.Arg("chat_id")))
        {
            throw TelegramApiException.BadRequest("chat identifier is not specified");
        }

        var messageId = call.Int("message_id", 0);
        if (messageId == 0)
        {
            throw TelegramApiException.BadRequest("message identifier is not specified");
        }

        lock (_gate)
        {
            var chat = ResolveChatLocked(call);
            if (!chat.Messages.Remove(messageId))
            {
                throw TelegramApiException.BadRequest("message to delete not found");
            }

            UpdateSentLocked(chat.Id, messageId, m => m with { Deleted = true });
        }

        return true;
    }

    // ------------------------------------------------------------------ commands

    [GeneratedRegex("^[a-z0-9_]{1,32}$")]
    private static partial Regex BotCommandPattern();

    private static string CommandScopeKey(Call call)
    {
        var raw = call.Arg("scope");
        var language = call.ArgOrEmpty("language_code");
        if (language.Length is not (0 or 2))
        {
            throw TelegramApiException.BadRequest("LANG_CODE_INVALID");
        }

        if (string.IsNullOrEmpty(raw))
        {
            return "default||" + language;
        }

        if (ParseJson(raw, "BotCommandScope") is not JsonObject scope)
        {
            throw TelegramApiException.BadRequest("can't parse BotCommandScope: BotCommandScope must be an Object");
        }

        var type = scope["type"]?.GetValueKind() == JsonValueKind.String ? scope["type"]!.GetValue<string>() : null;
        switch (type)
        {
            case null:
                throw TelegramApiException.BadRequest("can't parse BotCommandScope: Can't find field \"type\"");
            case "default":
            case "all_private_chats":
            case "all_group_chats":
            case "all_chat_administrators":
                return type + "||" + language;
            case "chat":
            case "chat_administrators":
                return type + "|" + scope["chat_id"] + "|" + language;
            case "chat_member":
                return type + "|" + scope["chat_id"] + ":" + scope["user_id"] + "|" + language;
            default:
                throw TelegramApiException.BadRequest("can't parse BotCommandScope: Unsupported type specified");
        }
    }

    private JsonNode SetMyCommands(Call call)
    {
        var commands = new JsonArray();
        var raw = call.Arg("commands");
        if (!string.IsNullOrEmpty(raw))
        {
            if (ParseJson(raw, "commands") is not JsonArray array)
            {
                throw TelegramApiException.BadRequest("expected an Array of BotCommand");
            }

            foreach (var item in array)
            {
                if (item is not JsonObject obj)
                {
                    throw TelegramApiException.BadRequest("can't parse BotCommand: expected an Object");
                }

                foreach (var field in (string[])["command", "description"])
                {
                    if (obj[field]?.GetValueKind() != JsonValueKind.String)
                    {
                        throw TelegramApiException.BadRequest($"can't parse BotCommand: Can't find field \"{field}\"");
                    }
                }

                var command = obj["command"]!.GetValue<string>();
                var description = obj["description"]!.GetValue<string>();
                if (command.StartsWith('/'))
                {
                    command = command[1..];
                }

                if (!BotCommandPattern().IsMatch(command))
                {
                    throw TelegramApiException.BadRequest("BOT_COMMAND_INVALID");
                }

                if (description.Trim().Length == 0 || description.Length > 256)
                {
                    throw TelegramApiException.BadRequest("BOT_COMMAND_DESCRIPTION_INVALID");
                }

                commands.Add(new JsonObject { ["command"] = command, ["description"] = description });
            }

            if (commands.Count > 100)
            {
                throw TelegramApiException.BadRequest("BOT_COMMANDS_TOO_MUCH");
            }
        }

        var key = CommandScopeKey(call);
        lock (_gate)
        {
            _commands[key] = commands;
        }

        return true;
    }

    private JsonNode GetMyCommands(Call call)
    {
        var key = CommandScopeKey(call);
        lock (_gate)
        {
            return _commands.TryGetValue(key, out var commands) ? commands.DeepClone() : new JsonArray();
        }
    }

    private JsonNode DeleteMyCommands(Call call)
    {
        var key = CommandScopeKey(call);
        lock (_gate)
        {
            _commands.Remove(key);
        }

        return true;
    }

    // ------------------------------------------------------------------ media

    private static string KindName(MediaKind kind) => kind switch
    {
        MediaKind.Photo => "photo",
        MediaKind.Video => "video",
        _ => "document",
    };

    private static int? OptionalInt(string? text, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var value = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        return (int)Math.Clamp(value, 0, max);
    }

    /// <summary>Like the server's get_input_file: "attach://x" → part x; empty → the part named like the field; else a file_id/URL.</summary>
    private static (UploadedFile? Upload, string? Reference)? ResolveInput(Call call, string? value, string fieldName)
    {
        if (!string.IsNullOrEmpty(value))
        {
            if (value.StartsWith("attach://", StringComparison.Ordinal))
            {
                return call.Request.Files.TryGetValue(value["attach://".Length..], out var attached) ? (attached, null) : null;
            }

            return (null, value);
        }

        return fieldName.Length > 0 && call.Request.Files.TryGetValue(fieldName, out var part) ? (part, null) : null;
    }

    /// <summary>A thumbnail must be a new upload: "attach://x" or a part named "thumbnail"/"thumb". Anything else is ignored, as by the server.</summary>
    private static UploadedFile? ResolveThumbnail(Call call, string? value, bool topLevel)
    {
        if (!string.IsNullOrEmpty(value) && value.StartsWith("attach://", StringComparison.Ordinal)
            && call.Request.Files.TryGetValue(value["attach://".Length..], out var attached))
        {
            return attached;
        }

        if (topLevel || string.IsNullOrEmpty(value))
        {
            if (call.Request.Files.TryGetValue("thumbnail", out var thumbnail))
            {
                return thumbnail;
            }

            if (call.Request.Files.TryGetValue("thumb", out var thumb))
            {
                return thumb;
            }
        }

        return null;
    }

    private async Task<JsonNode> SendMediaAsync(Call call, MediaKind kind, CancellationToken ct)
    {
        var field = KindName(kind);
        var input = ResolveInput(call, call.Arg(field), field)
            ?? throw TelegramApiException.BadRequest($"there is no {field} in the request");
        var parseMode = call.Arg("parse_mode");
        var rawCaption = call.Arg("caption");
        var caption = ParseText(rawCaption ?? "", parseMode, call.Arg("caption_entities"));
        var markup = ParseReplyMarkup(call);
        var reply = ParseReply(call);
        var item = new MediaItem
        {
            Requested = kind,
            Upload = input.Upload,
            Reference = input.Reference,
            Thumbnail = kind == MediaKind.Photo ? null : ResolveThumbnail(call, call.Arg("thumbnail") ?? call.Arg("thumb"), topLevel: true),
            Width = kind == MediaKind.Video ? OptionalInt(call.Arg("width"), MaxLength) : null,
            Height = kind == MediaKind.Video ? OptionalInt(call.Arg("height"), MaxLength) : null,
            Duration = kind == MediaKind.Video ? OptionalInt(call.Arg("duration"), MaxDuration) : null,
            SupportsStreaming = kind == MediaKind.Video && call.Bool("supports_streaming"),
            HasSpoiler = call.Bool("has_spoiler"),
            ShowCaptionAboveMedia = call.Bool("show_caption_above_media"),
            RawCaption = string.IsNullOrEmpty(rawCaption) ? null : rawCaption,
            ParseMode = parseMode,
            Caption = caption,
        };

        lock (_gate)
        {
            ResolveChatLocked(call);
            ResolveExistingLocked(item);
        }

        if (caption.Text.Length > MaxCaptionLength)
        {
            throw TelegramApiException.BadRequest("message caption is too long");
        }

        await FetchUrlAsync(call, item, field, ct);
        var failure = InspectUpload(item);
        if (failure is not null)
        {
            throw TelegramApiException.BadRequest(failure);
        }

        lock (_gate)
        {
            var chat = ResolveChatLocked(call);
            var replyJson = ReplyJsonLocked(chat, reply);
            FloodCheckLocked(chat);
            var message = CommitMediaLocked(chat, item, null, replyJson, markup);
            return message;
        }
    }

    private async Task<JsonNode> SendMediaGroupAsync(Call call, CancellationToken ct)
    {
        var reply = ParseReply(call);
        var raw = call.Arg("media");
        if (string.IsNullOrEmpty(raw))
        {
            throw TelegramApiException.BadRequest("parameter \"media\" is required");
        }

        if (ParseJson(raw, "media") is not JsonArray array)
        {
            throw TelegramApiException.BadRequest("expected an Array of InputMedia");
        }

        var items = new List<MediaItem>();
        foreach (var element in array)
        {
            items.Add(ParseAlbumItem(call, element));
        }

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

        var documents = items.Count(i => i.Requested == MediaKind.Document);
        if (documents > 0 && documents < items.Count)
        {
            throw TelegramApiException.BadRequest("can't use the media of the specified type in the album");
        }

        lock (_gate)
        {
            foreach (var item in items)
            {
                ResolveExistingLocked(item);
            }
        }

        if (items.Any(i => i.Caption is not null && i.Caption.Text.Length > MaxCaptionLength))
        {
            throw TelegramApiException.BadRequest("message caption is too long");
        }

        for (var i = 0; i < items.Count; i++)
        {
            await FetchUrlAsync(call, items[i], KindName(items[i].Requested), ct);
            var failure = InspectUpload(items[i]);
            if (failure is not null)
            {
                throw TelegramApiException.BadRequest($"failed to send message #{i + 1} with the error message \"{failure}\"");
            }
        }

        lock (_gate)
        {
            var chat = ResolveChatLocked(call);
            var replyJson = ReplyJsonLocked(chat, reply);
            FloodCheckLocked(chat);
            var mediaGroupId = (_nextMediaGroupId++).ToString(CultureInfo.InvariantCulture);
            var result = new JsonArray();
            foreach (var item in items)
            {
                result.Add(CommitMediaLocked(chat, item, mediaGroupId, replyJson?.DeepClone() as JsonObject, null));
            }

            return result;
        }
    }

    private static MediaItem ParseAlbumItem(Call call, JsonNode? element)
    {
        static TelegramApiException Invalid(string message) => TelegramApiException.BadRequest("can't parse InputMedia: " + message);

        if (element is not JsonObject obj)
        {
            throw Invalid("expected an Object");
        }

        string? OptionalString(string name)
        {
            var node = obj[name];
            if (node is null)
            {
                return null;
            }

            return node.GetValueKind() == JsonValueKind.String
                ? node.GetValue<string>()
                : throw Invalid($"Field \"{name}\" must be of type String");
        }

        int? OptionalNumber(string name, int max)
        {
            var node = obj[name];
            if (node is null)
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

        bool OptionalBool(string name)
        {
            var node = obj[name];
            return node is not null && (node.GetValueKind() == JsonValueKind.True || ToBool(node.ToString()));
        }

        var rawCaption = OptionalString("caption");
        var parseMode = OptionalString("parse_mode");
        FormattedText caption;
        try
        {
            caption = TelegramTextParser.Parse(rawCaption ?? "", parseMode, obj["caption_entities"]?.ToJsonString());
        }
        catch (TextParseException error)
        {
            throw Invalid(error.Message);
        }

        var type = OptionalString("type") ?? throw Invalid("Can't find field \"type\"");
        var media = OptionalString("media");
        var input = ResolveInput(call, media, "") ?? throw Invalid("media not found");
        var thumbnail = ResolveThumbnail(call, OptionalString("thumbnail") ?? OptionalString("thumb"), topLevel: false);
        var kind = type switch
        {
            "photo" => MediaKind.Photo,
            "video" => MediaKind.Video,
            "document" => MediaKind.Document,
            "animation" => throw Invalid("type \"animation\" can't be used in sendMediaGroup"),
            "audio" => throw Invalid("type \"audio\" is not supported by the fake Telegram server"),
            _ => throw Invalid($"type \"{type}\" is unsupported"),
        };

        return new MediaItem
        {
            Requested = kind,
            Upload = input.Upload,
            Reference = input.Reference,
            Thumbnail = kind == MediaKind.Photo ? null : thumbnail,
            Width = kind == MediaKind.Video ? OptionalNumber("width", MaxLength) : null,
            Height = kind == MediaKind.Video ? OptionalNumber("height", MaxLength) : null,
            Duration = kind == MediaKind.Video ? OptionalNumber("duration", MaxDuration) : null,
            SupportsStreaming = kind == MediaKind.Video && OptionalBool("supports_streaming"),
            HasSpoiler = OptionalBool("has_spoiler"),
            ShowCaptionAboveMedia = OptionalBool("show_caption_above_media"),
            RawCaption = string.IsNullOrEmpty(rawCaption) ? null : rawCaption,
            ParseMode = parseMode,
            Caption = caption,
        };
    }

    private static bool IsUrl(string reference) =>
        reference.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || reference.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>file_id references: unknown → wrong file identifier; another kind → type of file mismatch.</summary>
    private void ResolveExistingLocked(MediaItem item)
    {
        if (item.Upload is not null || item.Reference is null || IsUrl(item.Reference))
        {
            return;
        }

        if (!_files.TryGetValue(item.Reference, out var record))
        {
            throw TelegramApiException.BadRequest("wrong file identifier/HTTP URL specified");
        }

        var expected = KindName(item.Requested);
        if (record.Kind != expected)
        {
            throw TelegramApiException.BadRequest("type of file mismatch");
        }

        item.Existing = record;
    }

    private static readonly HttpClient UrlClient = new() { Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>Telegram downloads URLs itself: photo ≤ 5 MB, other files ≤ 20 MB.</summary>
    private async Task FetchUrlAsync(Call call, MediaItem item, string field, CancellationToken ct)
    {
        if (item.Upload is not null || item.Reference is null || !IsUrl(item.Reference))
        {
            return;
        }

        var limit = item.Requested == MediaKind.Photo ? PhotoUrlLimit : FileUrlLimit;
        var fileName = Uri.TryCreate(item.Reference, UriKind.Absolute, out var uri) ? Path.GetFileName(uri.AbsolutePath) : "file";
        var path = SavePathFor(call.Method)("url-" + field, fileName);
        try
        {
            using var response = await UrlClient.GetAsync(item.Reference, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > limit)
            {
                throw TelegramApiException.BadRequest("failed to get HTTP URL content");
            }

            await using var body = await response.Content.ReadAsStreamAsync(ct);
            await using (var target = File.Create(path))
            {
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await body.ReadAsync(buffer, ct)) > 0)
                {
                    total += read;
                    if (total > limit)
                    {
                        throw TelegramApiException.BadRequest("failed to get HTTP URL content");
                    }

                    await target.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }

            var bytes = await File.ReadAllBytesAsync(path, ct);
            item.Upload = new UploadedFile("url:" + field, fileName, bytes.LongLength, Convert.ToHexStringLower(SHA256.HashData(bytes)), path);
        }
        catch (HttpRequestException)
        {
            throw TelegramApiException.BadRequest("failed to get HTTP URL content");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw TelegramApiException.BadRequest("failed to get HTTP URL content");
        }

        if (item.Requested == MediaKind.Photo && MediaSniffer.ReadImage(path).Format == ImageFormat.None)
        {
            throw TelegramApiException.BadRequest("wrong type of the web page content");
        }
    }

    /// <summary>Size limits (413) and content checks of a new upload. Returns the server error code of a processing failure.</summary>
    private static string? InspectUpload(MediaItem item)
    {
        if (item.Upload is { } upload)
        {
            var limit = item.Requested == MediaKind.Photo ? PhotoUploadLimit : FileUploadLimit;
            if (upload.Length > limit)
            {
                throw new TelegramApiException(413, "Request Entity Too Large");
            }

            if (upload.Length == 0)
            {
                throw TelegramApiException.BadRequest("file must be non-empty");
            }

            switch (item.Requested)
            {
                case MediaKind.Photo:
                    var image = MediaSniffer.ReadImage(upload.SavedPath);
                    item.Image = image;
                    if (image.Format == ImageFormat.None || !image.HasDimensions)
                    {
                        return "IMAGE_PROCESS_FAILED";
                    }

                    if (image.Width + image.Height > MaxLength
                        || (double)Math.Max(image.Width, image.Height) / Math.Min(image.Width, image.Height) > 20)
                    {
                        return "PHOTO_INVALID_DIMENSIONS";
                    }

                    break;
                case MediaKind.Video:
                    item.IsMp4 = MediaSniffer.LooksLikeMp4(upload.SavedPath);
                    break;
            }
        }

        if (item.Thumbnail is { Length: > 0 } thumbnail)
        {
            item.ThumbnailImage = MediaSniffer.ReadImage(thumbnail.SavedPath);
        }

        return null;
    }

    private static string NewFileId(string prefix)
    {
        Span<byte> bytes = stackalloc byte[40];
        RandomNumberGenerator.Fill(bytes);
        BitConverter.TryWriteBytes(bytes[^8..], Interlocked.Increment(ref _fileCounter) ^ BitConverter.ToInt64(bytes[..8]));
        return prefix + "AgIAAxkBAAI" + Base64Url.EncodeToString(bytes);
    }

    private static string NewUniqueId(string prefix)
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        BitConverter.TryWriteBytes(bytes[^8..], Interlocked.Increment(ref _fileCounter) ^ ((long)BitConverter.ToInt32(bytes[..4]) << 32));
        return prefix + Base64Url.EncodeToString(bytes);
    }

    private static (int Width, int Height) Fit(int width, int height, int box)
    {
        if (width <= box && height <= box)
        {
            return (width, height);
        }

        var scale = (double)box / Math.Max(width, height);
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    private JsonObject? ThumbnailJsonLocked(MediaItem item, int width, int height)
    {
        var thumbnail = item.Thumbnail;
        var image = item.ThumbnailImage;
        if (thumbnail is not null && image.Format == ImageFormat.Jpeg && image.HasDimensions
            && image.Width <= 320 && image.Height <= 320 && thumbnail.Length < 200 * 1024)
        {
            var fileId = NewFileId("AAMC");
            var json = new JsonObject
            {
                ["file_id"] = fileId,
                ["file_unique_id"] = NewUniqueId("AQAD"),
                ["file_size"] = thumbnail.Length,
                ["width"] = image.Width,
                ["height"] = image.Height,
            };
            _files[fileId] = new FileRecord(fileId, "thumbnail", json.DeepClone());
            return json;
        }

        if (width > 0 && height > 0)
        {
            // no usable thumbnail: Telegram makes its own from the video
            var (w, h) = Fit(width, height, 320);
            var fileId = NewFileId("AAMC");
            var json = new JsonObject
            {
                ["file_id"] = fileId,
                ["file_unique_id"] = NewUniqueId("AQAD"),
                ["file_size"] = Math.Max(1000, w * h / 10),
                ["width"] = w,
                ["height"] = h,
            };
            _files[fileId] = new FileRecord(fileId, "thumbnail", json.DeepClone());
            return json;
        }

        return null;
    }

    private JsonObject CommitMediaLocked(ChatState chat, MediaItem item, string? mediaGroupId, JsonObject? replyJson, JsonObject? markup)
    {
        var messageId = chat.NextMessageId++;
        var message = NewMessageJson(chat, messageId);
        if (mediaGroupId is not null)
        {
            message["media_group_id"] = mediaGroupId;
        }

        if (replyJson is not null)
        {
            message["reply_to_message"] = replyJson;
        }

        var kind = item.ResultKind;
        string fileId;
        switch (kind)
        {
            case "photo":
            {
                JsonArray sizes;
                if (item.Existing is not null)
                {
                    sizes = (JsonArray)item.Existing.Json.DeepClone();
                }
                else
                {
                    var upload = item.Upload!;
                    var (smallW, smallH) = Fit(item.Image.Width, item.Image.Height, 320);
                    var (largeW, largeH) = Fit(item.Image.Width, item.Image.Height, 1280);
                    var largeScaled = largeW != item.Image.Width;
                    sizes =
                    [
                        new JsonObject
                        {
                            ["file_id"] = NewFileId("AgAC"),
                            ["file_unique_id"] = NewUniqueId("AQAD"),
                            ["file_size"] = Math.Max(800, smallW * smallH / 12),
                            ["width"] = smallW,
                            ["height"] = smallH,
                        },
                        new JsonObject
                        {
                            ["file_id"] = NewFileId("AgAC"),
                            ["file_unique_id"] = NewUniqueId("AQAD"),
                            ["file_size"] = largeScaled ? Math.Max(1000, largeW * largeH / 6) : upload.Length,
                            ["width"] = largeW,
                            ["height"] = largeH,
                        },
                    ];
                    foreach (var size in sizes)
                    {
                        var id = size!["file_id"]!.GetValue<string>();
                        _files[id] = new FileRecord(id, "photo", sizes.DeepClone());
                    }
                }

                fileId = sizes[^1]!["file_id"]!.GetValue<string>();
                message["photo"] = sizes;
                break;
            }

            case "video":
            {
                JsonObject video;
                if (item.Existing is not null)
                {
                    video = (JsonObject)item.Existing.Json.DeepClone();
                }
                else
                {
                    var upload = item.Upload!;
                    var width = item.Width ?? 0;
                    var height = item.Height ?? 0;
                    video = new JsonObject
                    {
                        ["duration"] = item.Duration ?? 0,
                        ["width"] = width,
                        ["height"] = height,
                    };
                    if (ThumbnailJsonLocked(item, width, height) is { } thumbnail)
                    {
                        video["thumbnail"] = thumbnail;
                    }

                    if (upload.FileName.Length > 0)
                    {
                        video["file_name"] = upload.FileName;
                    }

                    video["mime_type"] = "video/mp4";
                    video["file_id"] = NewFileId("BAAC");
                    video["file_unique_id"] = NewUniqueId("AgAD");
                    video["file_size"] = upload.Length;
                    _files[video["file_id"]!.GetValue<string>()] = new FileRecord(video["file_id"]!.GetValue<string>(), "video", video.DeepClone());
                }

                fileId = video["file_id"]!.GetValue<string>();
                message["video"] = video;
                break;
            }

            default:
            {
                JsonObject document;
                if (item.Existing is not null)
                {
                    document = (JsonObject)item.Existing.Json.DeepClone();
                }
                else
                {
                    var upload = item.Upload!;
                    document = new JsonObject
                    {
                        ["file_name"] = upload.FileName.Length > 0 ? upload.FileName : "file",
                        ["mime_type"] = MediaSniffer.GuessMimeType(upload.FileName, upload.SavedPath),
                    };
                    if (item.Thumbnail is not null && ThumbnailJsonLocked(item, 0, 0) is { } thumbnail)
                    {
                        document["thumbnail"] = thumbnail;
                    }

                    document["file_id"] = NewFileId("BQAC");
                    document["file_unique_id"] = NewUniqueId("AgAD");
                    document["file_size"] = upload.Length;
                    _files[document["file_id"]!.GetValue<string>()] = new FileRecord(document["file_id"]!.GetValue<string>(), "document", document.DeepClone());
                }

                fileId = document["file_id"]!.GetValue<string>();
                message["document"] = document;
                break;
            }
        }

        var caption = item.Caption;
        if (caption is not null && caption.Text.Length > 0)
        {
            message["caption"] = caption.Text;
            if (caption.Entities.Count > 0)
            {
                message["caption_entities"] = caption.EntitiesJson();
            }

            if (item.ShowCaptionAboveMedia)
            {
                message["show_caption_above_media"] = true;
            }
        }

        if (item.HasSpoiler)
        {
            message["has_media_spoiler"] = true;
        }

        if (markup is not null)
        {
            message["reply_markup"] = markup;
        }

        chat.Messages[messageId] = new StoredMessage(messageId, (JsonObject)message.DeepClone(), true, kind, caption, markup?.ToJsonString());
        RecordSentLocked(new SentMessage(
            chat.Id,
            messageId,
            kind,
            null,
            item.RawCaption,
            mediaGroupId,
            fileId,
            item.Existing is null ? item.Upload : null,
            item.Existing is null ? item.Thumbnail : null,
            item.Width,
            item.Height,
            item.Duration,
            item.SupportsStreaming,
            item.ParseMode)
        {
            RenderedText = caption?.Text,
        });
        return message;
    }
}
