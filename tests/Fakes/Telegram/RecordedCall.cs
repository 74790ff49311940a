namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>
/// One request as the fake saw it. <paramref name="At"/> = arrival time (calls are listed in arrival order);
/// <paramref name="Fields"/> = every text field as received (JSON bodies: strings unescaped, other values as raw JSON
/// text; multipart: the part text, e.g. "media" is the raw JSON and booleans are "True"); <paramref name="StatusCode"/>
/// is the HTTP status answered, 0 when no answer was delivered (the client gave up).
/// </summary>
public sealed record RecordedCall(
    string Method,
    DateTimeOffset At,
    long? ChatId,
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyList<UploadedFile> Files,
    int StatusCode)
{
    /// <summary>The "description" of an error answer, null for 2xx.</summary>
    public string? ErrorDescription { get; init; }

    /// <summary>When the answer was produced.</summary>
    public DateTimeOffset CompletedAt { get; init; }
}
