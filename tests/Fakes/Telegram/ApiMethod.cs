namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>
/// A Bot API method the fake implements, with every parameter it implements. <paramref name="SendsMessage"/>: a message
/// send (flood control, concurrency observation); <paramref name="TakesFiles"/>: it may carry uploads (attach://).
/// </summary>
internal sealed record ApiMethod(string Name, IReadOnlySet<string> Parameters, bool SendsMessage = false, bool TakesFiles = false)
{
    /// <summary>
    /// Exactly what StoryBot sends through Telegram.Bot (which writes an optional parameter only when it is set).
    /// An unknown method is 404 Not Found, as the real Bot API answers; a parameter that is not listed here is refused
    /// with 400 (<see cref="TelegramApiException.NotImplemented"/>). A new bot feature must grow this list.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, ApiMethod> All = new ApiMethod[]
    {
        new("getMe", Set()),
        new("getUpdates", Set("offset", "limit", "timeout", "allowed_updates")),
        new("setMyCommands", Set("commands", "scope")),
        new("getChatMember", Set("chat_id", "user_id")),
        new("getChat", Set("chat_id")),
        new("sendChatAction", Set("chat_id", "action", "message_thread_id")),
        new("sendMessage", Set("chat_id", "text", "entities", "link_preview_options", "reply_parameters", "message_thread_id", "reply_markup"), SendsMessage: true),
        new("editMessageText", Set("chat_id", "message_id", "text", "entities", "link_preview_options", "reply_markup")),
        new("answerCallbackQuery", Set("callback_query_id", "text", "show_alert")),
        new("sendPhoto", Set("chat_id", "photo", "caption", "caption_entities", "reply_parameters", "message_thread_id"), SendsMessage: true, TakesFiles: true),
        new("sendVideo", Set("chat_id", "video", "caption", "caption_entities", "duration", "width", "height", "thumbnail", "supports_streaming",
            "cover", "reply_parameters", "message_thread_id"), true, true),
        new("sendMediaGroup", Set("chat_id", "media", "reply_parameters", "message_thread_id"), SendsMessage: true, TakesFiles: true),
    }.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase); // method names are case-insensitive

    /// <summary>The fields of an InputMediaPhoto in sendMediaGroup's media.</summary>
    public static readonly IReadOnlySet<string> InputMediaPhoto = Set("type", "media", "caption", "caption_entities");

    /// <summary>The fields of an InputMediaVideo in sendMediaGroup's media.</summary>
    public static readonly IReadOnlySet<string> InputMediaVideo =
        Set("type", "media", "caption", "caption_entities", "width", "height", "duration", "supports_streaming", "thumbnail", "cover");

    private static HashSet<string> Set(params string[] names) => new(names, StringComparer.Ordinal);
}
