namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>
/// A scripted fault. Matches <paramref name="Method"/> case-insensitively ("*" matches every method) and, if given,
/// <paramref name="ChatId"/>; the first <paramref name="Times"/> matching requests (Times &lt;= 0: all of them) wait
/// <paramref name="Delay"/> and are then answered with HTTP <paramref name="StatusCode"/> and
/// {"ok":false,"error_code":StatusCode,"description":Description} (+ parameters.retry_after / migrate_to_chat_id).
/// A StatusCode below 400 (e.g. 200) means "delay only": after the delay the request is processed normally.
/// </summary>
public sealed record TelegramFault(
    string Method,
    int StatusCode,
    string Description,
    int? RetryAfter = null,
    long? ChatId = null,
    int Times = 1,
    TimeSpan Delay = default,
    long? MigrateToChatId = null);
