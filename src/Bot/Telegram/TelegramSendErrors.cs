using StoryBot.Core.Outbox;
using Telegram.Bot.Exceptions;

namespace StoryBot.Bot.Telegram;

/// <summary>
/// Turns what went wrong with a send into what the outbox acts on: wait and retry
/// (<see cref="DeliveryRateLimitedException"/>, <see cref="TelegramUnavailableException"/>), follow the chat
/// (<see cref="ChatMigratedException"/>) or give it up (<see cref="ChatUnreachableException"/>). Anything else
/// (a 400 about the message itself) is left as it is.
/// </summary>
public static class TelegramSendErrors
{
    private static readonly TimeSpan RetryMargin = TimeSpan.FromMilliseconds(100);

    /// <summary>When Telegram answers 429 without retry_after.</summary>
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    /// <param name="timeout">The send's deadline, which <paramref name="error"/> may be the end of.</param>
    /// <param name="callerCancelled">Whether the caller gave up: then a cancellation is its own, not Telegram's silence.</param>
    /// <returns>The exception the outbox knows, or null to let <paramref name="error"/> through.</returns>
    public static Exception? ForOutbox(Exception error, long chatId, TimeSpan timeout, bool callerCancelled) => error switch
    {
        OperationCanceledException when !callerCancelled =>
            new TelegramUnavailableException($"no answer within {timeout}", error),
        // retry_after is whole seconds, and a timer can fire a millisecond early: a little margin avoids a second 429.
        ApiRequestException { ErrorCode: 429 } ex =>
            new DeliveryRateLimitedException((ex.Parameters?.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultRetryAfter) + RetryMargin, ex),
        ApiRequestException { Parameters.MigrateToChatId: { } newChatId } ex =>
            new ChatMigratedException(chatId, newChatId, ex),
        ApiRequestException ex when ex.ErrorCode == 403 || (ex.ErrorCode == 400 && NoWayIn(ex.Message)) =>
            new ChatUnreachableException(chatId, ex.Message, ex),
        ApiRequestException { ErrorCode: >= 500 } ex =>
            new TelegramUnavailableException($"Telegram answered {ex.ErrorCode}", ex),
        // No answer (connection refused or lost). The outbox pauses every send for a while; the items come
        // again later, and may then arrive twice if this one did arrive: better than losing them.
        RequestException ex when ex is not ApiRequestException =>
            new TelegramUnavailableException($"no answer ({ex.Message})", ex),
        _ => null,
    };

    /// <summary>
    /// 400s that mean the chat takes nothing from the bot until someone changes it: gone, or a channel or group
    /// where the bot lost the right to post (docs/telegram-bot-api.md §13). Its subscriptions pause like a block.
    /// </summary>
    private static bool NoWayIn(string description) =>
        new[] { "chat not found", "need administrator rights", "not enough rights", "have no rights to send" }
            .Any(reason => description.Contains(reason, StringComparison.OrdinalIgnoreCase));
}
