using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>
/// Inline keyboards (reply_markup), editMessageText, callback queries and answerCallbackQuery, checked as the Bot
/// API checks them: callback_data of 1–64 bytes, a button with no action refused, an edit that changes nothing
/// refused as "message is not modified", a callback query answered at most once.
/// </summary>
public sealed partial class FakeTelegramServer
{
    private readonly Dictionary<(long Chat, int Message), LiveMessage> _texts = [];
    private readonly Dictionary<long, CallbackQueryState> _callbackQueries = [];
    private readonly List<MessageEdit> _edits = [];
    private long _nextCallbackQueryId = 4_382_001_129_371_093_923;

    /// <summary>What a text message shows now (after edits), with its buttons; null for an unknown message.</summary>
    public LiveMessage? TextMessage(long chatId, int messageId)
    {
        lock (_gate)
        {
            return _texts.GetValueOrDefault((chatId, messageId));
        }
    }

    /// <summary>Every successful editMessageText to the chat, in order.</summary>
    public IReadOnlyList<MessageEdit> EditsIn(long chatId)
    {
        lock (_gate)
        {
            return _edits.Where(e => e.ChatId == chatId).ToList();
        }
    }

    /// <summary>
    /// Queues a callback_query: user <paramref name="fromUserId"/> pressed the button with <paramref name="data"/>
    /// under the bot's message. A message the fake does not know (or <paramref name="inaccessible"/>) is sent as
    /// Telegram sends an inaccessible message: date 0. Returns the callback query id.
    /// </summary>
    public string InjectCallbackQuery(long chatId, int messageId, string data, long fromUserId = 42, bool inaccessible = false)
    {
        lock (_gate)
        {
            var chat = GetChatLocked(chatId, null);
            var id = _nextCallbackQueryId++;
            _callbackQueries[id] = new CallbackQueryState();
            JsonObject message;
            if (!inaccessible && _texts.TryGetValue((chatId, messageId), out var live))
            {
                message = new JsonObject
                {
                    ["message_id"] = messageId,
                    ["from"] = new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "StoryBot Test", ["username"] = BotUsername },
                    ["chat"] = chat.ToJson(),
                    ["date"] = UnixNow(),
                    ["text"] = live.Text,
                };
                if (live.Buttons.Count > 0)
                    message["reply_markup"] = Markup(live.Buttons);
            }
            else
            {
                message = new JsonObject { ["message_id"] = messageId, ["chat"] = chat.ToJson(), ["date"] = 0 };
            }

            EnqueueLocked("callback_query", new JsonObject
            {
                ["id"] = id.ToString(CultureInfo.InvariantCulture),
                ["from"] = new JsonObject { ["id"] = fromUserId, ["is_bot"] = false, ["first_name"] = "Test" },
                ["message"] = message,
                ["chat_instance"] = (-8_234_567_012_345_678_901 - chatId).ToString(CultureInfo.InvariantCulture),
                ["data"] = data,
            });
            return id.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>How the bot answered a callback query: null until it did.</summary>
    public CallbackAnswer? AnswerTo(string callbackQueryId)
    {
        lock (_gate)
        {
            return _callbackQueries.TryGetValue(long.Parse(callbackQueryId, CultureInfo.InvariantCulture), out var state) ? state.Answer : null;
        }
    }

    private JsonNode AnswerCallbackQuery(ApiCall call)
    {
        var text = call.Arg("text");
        if (text is { Length: > 200 })
            throw TelegramApiException.BadRequest("MESSAGE_TOO_LONG");
        lock (_gate)
        {
            if (!long.TryParse(call.ArgOrEmpty("callback_query_id"), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ||
                !_callbackQueries.TryGetValue(id, out var state) || state.Answer is not null)
                throw TelegramApiException.BadRequest("query is too old and response timeout expired or query ID is invalid");
            state.Answer = new CallbackAnswer(text, call.Arg("show_alert") == "true");
            SignalChangedLocked();
        }

        return true;
    }

    /// <summary>reply_markup of a send or an edit: an inline keyboard only, each button with exactly one action.</summary>
    private static IReadOnlyList<IReadOnlyList<ButtonSpec>> ParseMarkup(ApiCall call)
    {
        if (call.Arg("reply_markup") is not { } raw)
            return [];
        if (ParseJson(raw, "reply keyboard markup") is not JsonObject markup || markup["inline_keyboard"] is not JsonArray rows)
            throw TelegramApiException.NotImplemented("reply_markup other than inline_keyboard");
        if (markup.Count != 1)
            throw TelegramApiException.NotImplemented("reply_markup fields other than inline_keyboard");

        var keyboard = new List<IReadOnlyList<ButtonSpec>>();
        foreach (var row in rows)
        {
            if (row is not JsonArray buttons)
                throw TelegramApiException.BadRequest("can't parse inline keyboard button: expected an Array");
            var parsed = new List<ButtonSpec>();
            foreach (var node in buttons)
            {
                if (node is not JsonObject button || button["text"]?.GetValueKind() != JsonValueKind.String)
                    throw TelegramApiException.BadRequest("can't parse inline keyboard button: Field \"text\" must be of type String");
                if (button.Select(f => f.Key).FirstOrDefault(k => k is not ("text" or "callback_data")) is { } unknown)
                    throw TelegramApiException.NotImplemented($"inline keyboard button field {unknown}");
                var data = button["callback_data"]?.GetValue<string>();
                if (string.IsNullOrEmpty(data))
                    throw TelegramApiException.BadRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
                if (Encoding.UTF8.GetByteCount(data) > 64)
                    throw TelegramApiException.BadRequest("BUTTON_DATA_INVALID");
                var label = button["text"]!.GetValue<string>();
                if (label.Trim().Length == 0)
                    throw TelegramApiException.BadRequest("BUTTON_TEXT_EMPTY");
                parsed.Add(new ButtonSpec(label, data));
            }

            keyboard.Add(parsed);
        }

        if (keyboard.Sum(row => row.Count) > 100)
            throw TelegramApiException.BadRequest("REPLY_MARKUP_TOO_LONG");
        return keyboard;
    }

    private static JsonObject Markup(IReadOnlyList<IReadOnlyList<ButtonSpec>> keyboard) => new()
    {
        ["inline_keyboard"] = new JsonArray(keyboard
            .Select(row => (JsonNode)new JsonArray(row.Select(b => (JsonNode)new JsonObject { ["text"] = b.Text, ["callback_data"] = b.Data }).ToArray()))
            .ToArray()),
    };

    /// <summary>
    /// editMessageText by chat_id and message_id. Without reply_markup the message loses its keyboard, as in
    /// Telegram. The same text and keyboard again is refused as "message is not modified".
    /// </summary>
    private JsonObject EditMessageText(ApiCall call)
    {
        var raw = call.ArgOrEmpty("text");
        if (raw.Trim().Length == 0)
            throw TelegramApiException.BadRequest("message text is empty");
        TextEntities.Validate(TextEntities.Parse(call.Arg("entities"), "entities"), raw, "entities");
        CheckLinkPreview(call);
        var keyboard = ParseMarkup(call);
        if (!int.TryParse(call.ArgOrEmpty("message_id"), NumberStyles.None, CultureInfo.InvariantCulture, out var messageId))
            throw TelegramApiException.BadRequest("message identifier is not specified");
        lock (_gate)
        {
            var chat = ResolveChatLocked(call);
            if (!_texts.TryGetValue((chat.Id, messageId), out var live))
                throw TelegramApiException.BadRequest("message to edit not found");
            var shown = raw.Trim();
            if (shown.Length > MaxTextLength)
                throw TelegramApiException.BadRequest("message is too long");
            if (shown == live.Text && SameKeyboard(keyboard, live.Buttons))
                throw TelegramApiException.BadRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
            var edited = new LiveMessage(shown, keyboard);
            _texts[(chat.Id, messageId)] = edited;
            _edits.Add(new MessageEdit(chat.Id, messageId, edited));
            SignalChangedLocked();

            var message = NewMessageJsonLocked(chat);
            chat.NextMessageId--;   // an edit is no new message
            message["message_id"] = messageId;
            message["text"] = shown;
            message["edit_date"] = UnixNow();
            if (keyboard.Count > 0)
                message["reply_markup"] = Markup(keyboard);
            return message;
        }
    }

    private static bool SameKeyboard(IReadOnlyList<IReadOnlyList<ButtonSpec>> a, IReadOnlyList<IReadOnlyList<ButtonSpec>> b) =>
        a.Count == b.Count && a.Zip(b).All(rows => rows.First.SequenceEqual(rows.Second));

    private sealed class CallbackQueryState
    {
        public CallbackAnswer? Answer { get; set; }
    }
}

/// <summary>An inline keyboard button as the bot sent it.</summary>
public sealed record ButtonSpec(string Text, string Data);

/// <summary>A text message as it shows now, with its keyboard (rows of buttons).</summary>
public sealed record LiveMessage(string Text, IReadOnlyList<IReadOnlyList<ButtonSpec>> Buttons)
{
    public IEnumerable<ButtonSpec> AllButtons => Buttons.SelectMany(row => row);
}

public sealed record MessageEdit(long ChatId, int MessageId, LiveMessage Now);

public sealed record CallbackAnswer(string? Text, bool ShowAlert);
