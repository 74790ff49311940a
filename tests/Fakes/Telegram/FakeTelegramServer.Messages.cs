using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>getMe, setMyCommands, sendChatAction and sendMessage, and what every message send shares.</summary>
public sealed partial class FakeTelegramServer
{
    private const int MaxTextLength = 4096;

    private static readonly HashSet<string> ChatActions = new(
        [
            "cancel", "typing", "record_video", "upload_video", "record_audio", "record_voice", "upload_audio", "upload_voice",
            "upload_photo", "upload_document", "choose_sticker", "pick_up_location", "find_location", "record_video_note",
            "upload_video_note",
        ],
        StringComparer.Ordinal);

    private readonly FloodGate _flood;

    [GeneratedRegex("^[a-z0-9_]{1,32}$")]
    private static partial Regex BotCommandPattern();

    private JsonObject GetMe() => new()
    {
        ["id"] = BotId,
        ["is_bot"] = true,
        ["first_name"] = "StoryBot Test",
        ["username"] = BotUsername,
        ["can_join_groups"] = true,
        ["can_read_all_group_messages"] = false,
        ["supports_inline_queries"] = false,
        ["can_connect_to_business"] = false,
        ["has_main_web_app"] = false,
    };

    private static readonly HashSet<string> ScopeTypes = new(
        ["default", "all_private_chats", "all_group_chats", "all_chat_administrators", "chat", "chat_administrators", "chat_member"],
        StringComparer.Ordinal);

    /// <summary>
    /// Validated like Telegram; the list itself is only visible in <see cref="Calls"/> (no getMyCommands). A scope of
    /// type chat, chat_administrators or chat_member needs a chat_id (a chat_member scope also a user_id).
    /// </summary>
    private static JsonNode SetMyCommands(ApiCall call)
    {
        if (call.Arg("scope") is { } rawScope)
        {
            if (ParseJson(rawScope, "scope") is not JsonObject scope || scope["type"]?.GetValueKind() != JsonValueKind.String ||
                !ScopeTypes.Contains(scope["type"]!.GetValue<string>()))
            {
                throw TelegramApiException.BadRequest("can't parse BotCommandScope: unsupported type");
            }

            var type = scope["type"]!.GetValue<string>();
            if (type is "chat" or "chat_administrators" or "chat_member" && scope["chat_id"]?.GetValueKind() is not (JsonValueKind.Number or JsonValueKind.String))
            {
                throw TelegramApiException.BadRequest("can't parse BotCommandScope: Field \"chat_id\" must be specified");
            }

            if (type == "chat_member" && scope["user_id"]?.GetValueKind() != JsonValueKind.Number)
            {
                throw TelegramApiException.BadRequest("can't parse BotCommandScope: Field \"user_id\" must be specified");
            }
        }

        var raw = call.Arg("commands");
        if (string.IsNullOrEmpty(raw))
        {
            return true;
        }

        if (ParseJson(raw, "commands") is not JsonArray commands)
        {
            throw TelegramApiException.BadRequest("expected an Array of BotCommand");
        }

        foreach (var item in commands)
        {
            if (item is not JsonObject command)
            {
                throw TelegramApiException.BadRequest("can't parse BotCommand: expected an Object");
            }

            foreach (var field in (string[])["command", "description"])
            {
                if (command[field]?.GetValueKind() != JsonValueKind.String)
                {
                    throw TelegramApiException.BadRequest($"can't parse BotCommand: Can't find field \"{field}\"");
                }
            }

            var name = command["command"]!.GetValue<string>();
            if (!BotCommandPattern().IsMatch(name.StartsWith('/') ? name[1..] : name))
            {
                throw TelegramApiException.BadRequest("BOT_COMMAND_INVALID");
            }

            var description = command["description"]!.GetValue<string>();
            if (description.Trim().Length == 0 || description.Length > 256)
            {
                throw TelegramApiException.BadRequest("BOT_COMMAND_DESCRIPTION_INVALID");
            }
        }

        if (commands.Count > 100)
        {
            throw TelegramApiException.BadRequest("BOT_COMMANDS_TOO_MUCH");
        }

        return true;
    }

    private JsonNode SendChatAction(ApiCall call)
    {
        if (!ChatActions.Contains(call.ArgOrEmpty("action").ToLowerInvariant()))
        {
            throw TelegramApiException.BadRequest("wrong parameter action in request");
        }

        lock (_gate)
        {
            var chat = ResolveChatLocked(call);
            CheckPlaceLocked(call, chat);
        }

        return true;
    }

    private static readonly HashSet<string> LinkPreviewFields = new(
        ["is_disabled", "url", "prefer_small_media", "prefer_large_media", "show_above_text"], StringComparer.Ordinal);

    private static void CheckLinkPreview(ApiCall call)
    {
        if (call.Arg("link_preview_options") is { } rawPreview &&
            (ParseJson(rawPreview, "link_preview_options") is not JsonObject preview ||
             preview.Any(field => !LinkPreviewFields.Contains(field.Key) || (field.Key != "url" && field.Value?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)))))
        {
            throw TelegramApiException.BadRequest("can't parse link preview options");
        }
    }

    /// <summary>Plain text (no parse_mode, entities or markup): Telegram trims it, then it must be 1–4096 characters.</summary>
    private JsonObject SendMessage(ApiCall call)
    {
        CheckLinkPreview(call);
        var keyboard = ParseMarkup(call);

        var raw = call.ArgOrEmpty("text");
        if (raw.Length == 0)
        {
            throw TelegramApiException.BadRequest("message text is empty");
        }

        TextEntities.Validate(TextEntities.Parse(call.Arg("entities"), "entities"), raw, "entities");
        lock (_gate)
        {
            var chat = ResolveChatLocked(call);
            CheckPlaceLocked(call, chat);
            var shown = raw.Trim();
            if (shown.Length == 0)
            {
                throw TelegramApiException.BadRequest("message text is empty");
            }

            if (shown.Length > MaxTextLength)
            {
                throw TelegramApiException.BadRequest("message is too long");
            }

            _flood.Admit(chat);
            var message = NewMessageJsonLocked(chat);
            message["text"] = shown;
            if (keyboard.Count > 0)
            {
                message["reply_markup"] = Markup(keyboard);
            }

            _texts[(chat.Id, message["message_id"]!.GetValue<int>())] = new LiveMessage(shown, keyboard);
            RecordSentLocked(new SentMessage(chat.Id, message["message_id"]!.GetValue<int>(), "text", raw, null, null, "", null, null, null, null, null, false)
            {
                Buttons = keyboard.SelectMany(row => row).ToList(),
            });
            return message;
        }
    }

    /// <summary>chat_id is a numeric id, or the @username of a channel added with <see cref="AddChannel"/> ("chat not found" otherwise).</summary>
    private ChatState ResolveChatLocked(ApiCall call)
    {
        var raw = call.ArgOrEmpty("chat_id");
        if (raw.Length == 0)
        {
            throw TelegramApiException.BadRequest("chat_id is empty");
        }

        if (raw.StartsWith('@'))
        {
            // @username names only public channels (and supergroups, bots), never a user.
            return _chats.Values.FirstOrDefault(c => c.Type == "channel" && string.Equals("@" + c.Username, raw, StringComparison.OrdinalIgnoreCase))
                ?? throw TelegramApiException.BadRequest("chat not found");
        }

        if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId) || chatId == 0)
        {
            throw TelegramApiException.BadRequest("chat not found");
        }

        return GetChatLocked(chatId, null);
    }

    private JsonObject NewMessageJsonLocked(ChatState chat) => new()
    {
        ["message_id"] = chat.NextMessageId++,
        ["from"] = new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "StoryBot Test", ["username"] = BotUsername },
        ["chat"] = chat.ToJson(),
        ["date"] = UnixNow(),
    };

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
}
