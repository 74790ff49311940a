namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>A scripted fault and how often it has struck.</summary>
internal sealed class FaultState(TelegramFault fault)
{
    public TelegramFault Fault { get; } = fault;
    public int Used { get; set; }
    public bool Exhausted => Fault.Times > 0 && Used >= Fault.Times;

    public bool Matches(string method, long? chatId) =>
        !Exhausted
        && (Fault.Method == "*" || Fault.Method.Equals(method, StringComparison.OrdinalIgnoreCase))
        && (Fault.ChatId is null || Fault.ChatId == chatId);

    /// <summary>The error to answer once the delay has passed; null for a delay-only fault (StatusCode below 400).</summary>
    public TelegramApiException? Error()
    {
        if (Fault.StatusCode < 400)
        {
            return null;
        }

        var description = string.IsNullOrEmpty(Fault.Description) ? DefaultDescription(Fault.StatusCode) : Fault.Description;
        return new TelegramApiException(Fault.StatusCode, description, Fault.RetryAfter, Fault.MigrateToChatId);
    }

    private static string DefaultDescription(int code) => code switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        413 => "Request Entity Too Large",
        429 => "Too Many Requests: retry after 1",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Error",
    };
}
