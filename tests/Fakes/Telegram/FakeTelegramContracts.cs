namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>Configuration of a <see cref="FakeTelegramServer"/>.</summary>
public sealed record FakeTelegramOptions
{
    /// <summary>Bot token the fake accepts; anything else answers 401 Unauthorized. Must look like "&lt;digits&gt;:&lt;anything&gt;".</summary>
    public string Token { get; init; } = "123456:TEST-token";

    /// <summary>Username returned by getMe (without '@').</summary>
    public string BotUsername { get; init; } = "storybot_test";

    /// <summary>Extra delay added to every request before it is answered (simulated network + server time).</summary>
    public TimeSpan ResponseLatency { get; init; } = TimeSpan.Zero;

    /// <summary>Optional flood-control model; null = no flood limits.</summary>
    public FloodModel? Flood { get; init; }

    /// <summary>
    /// Where uploaded files are saved. Null (default) = a new temporary directory that is deleted on dispose.
    /// A directory given here is created if needed and is NOT deleted on dispose.
    /// </summary>
    public string? UploadDirectory { get; init; }
}

/// <summary>
/// Flood model. When on, a message send (sendMessage/Photo/Video/Document/MediaGroup; an album counts as one call) gets
/// 429 "Too Many Requests: retry after N" with parameters.retry_after = N if it comes sooner than
/// <see cref="PerChatInterval"/> after the previous accepted send to the same chat, if a group chat (negative id)
/// already had <see cref="GroupMessagesPerMinute"/> accepted sends in the last 60 s, or if the whole bot already had
/// <see cref="GlobalMessagesPerSecond"/> accepted sends in the last second.
/// N = max(<see cref="RetryAfterSeconds"/>, seconds until the send would be allowed, rounded up).
/// </summary>
public sealed record FloodModel
{
    public TimeSpan PerChatInterval { get; init; } = TimeSpan.FromSeconds(1);
    public int GroupMessagesPerMinute { get; init; } = 20;
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Bot-wide limit (Telegram's ~30 msg/s). Null disables it.</summary>
    public int? GlobalMessagesPerSecond { get; init; } = 30;
}

/// <summary>
/// A scripted fault. Matches <paramref name="Method"/> case-insensitively ("*" matches every method) and, if given,
/// <paramref name="ChatId"/>; the first <paramref name="Times"/> matching requests (Times &lt;= 0: all of them) wait
/// <paramref name="Delay"/> and then either have their connection dropped (<paramref name="DropConnection"/>), or are
/// answered with HTTP <paramref name="StatusCode"/> and {"ok":false,"error_code":StatusCode,"description":Description}
/// (+ parameters.retry_after / migrate_to_chat_id). A StatusCode below 400 (e.g. 0 or 200) means "delay only": after the
/// delay the request is processed normally.
/// </summary>
public sealed record TelegramFault(
    string Method,
    int StatusCode,
    string Description,
    int? RetryAfter = null,
    long? ChatId = null,
    int Times = 1,
    TimeSpan Delay = default,
    bool DropConnection = false,
    long? MigrateToChatId = null);

/// <summary>
/// One request as the fake saw it. <paramref name="At"/> = arrival time (calls are listed in arrival order);
/// <paramref name="Fields"/> = every text field as received (JSON bodies: strings unescaped, other values as raw JSON
/// text; multipart: the part text, e.g. "media" is the raw JSON and booleans are "True"); <paramref name="StatusCode"/>
/// is the HTTP status answered, 0 when no answer was delivered (dropped connection, client gave up).
/// </summary>
public sealed record RecordedCall(
    string Method,
    DateTimeOffset At,
    long? ChatId,
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyList<UploadedFile> Files,
    int StatusCode,
    string ContentType)
{
    /// <summary>The "description" of an error answer, null for 2xx.</summary>
    public string? ErrorDescription { get; init; }

    /// <summary>When the answer was produced.</summary>
    public DateTimeOffset CompletedAt { get; init; }
}

/// <summary>A file part of a multipart request, saved at <paramref name="SavedPath"/>.</summary>
public sealed record UploadedFile(string FieldName, string FileName, long Length, string Sha256Hex, string SavedPath);

/// <summary>
/// A message the bot successfully sent. <paramref name="Text"/>/<paramref name="Caption"/> are exactly as sent (before
/// entity parsing; see <see cref="RenderedText"/> for what the user sees). <paramref name="Width"/>/<paramref name="Height"/>/
/// <paramref name="Duration"/>/<paramref name="SupportsStreaming"/> are the request's parameters (null = not sent).
/// <paramref name="FileId"/> is "" for text messages; for photos it is the file_id of the largest size.
/// </summary>
public sealed record SentMessage(
    long ChatId,
    int MessageId,
    string Kind,
    string? Text,
    string? Caption,
    string? MediaGroupId,
    string FileId,
    UploadedFile? Upload,
    UploadedFile? Thumbnail,
    int? Width,
    int? Height,
    int? Duration,
    bool SupportsStreaming,
    string? ParseMode)
{
    /// <summary>Text or caption after entity parsing (HTML tags removed, entities decoded), as Telegram shows it.</summary>
    public string? RenderedText { get; init; }

    /// <summary>True once deleteMessage removed it.</summary>
    public bool Deleted { get; init; }

    /// <summary>How many times editMessageText changed it.</summary>
    public int EditCount { get; init; }
}
