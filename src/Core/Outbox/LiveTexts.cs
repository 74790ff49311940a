using Microsoft.Extensions.Logging;

namespace StoryBot.Core.Outbox;

/// <summary>
/// Messages the bot changes after sending them (<see cref="LiveText"/>: progress, offers with buttons). Sent in the
/// chat's order like any message; edited outside it, since an edit changes a message already there.
/// </summary>
internal sealed class LiveTexts(
    ChatOutbox outbox,
    ChatTurns turns,
    SendSlots slots,
    TelegramOutage outage,
    OutboxLifetime lifetime,
    ILogger logger)
{
    /// <returns>The message id; null when it could not be sent (it is logged) or the outbox is shutting down.</returns>
    public async Task<int?> SendAsync(ChatPlace place, LiveText text, CancellationToken cancellationToken)
    {
        try
        {
            using var lane = outbox.Open([place.ChatId]).Single();
            var (result, messageId) = await lane.SendLiveTextAsync(place, text, cancellationToken);
            if (result is not SendResult.Sent)
                logger.LogWarning("Could not send a message to chat {ChatId}: {Result}", place.ChatId, result);
            return messageId;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Within the bot-wide rate and the send slots, but skipped while the chat is flooded or Telegram is out: an
    /// edit is a courtesy, so it is false when it did not happen, never an exception, and it never waits out a 429.
    /// </summary>
    public async Task<bool> EditAsync(long chatId, int messageId, LiveText text, CancellationToken cancellationToken)
    {
        if (turns.FloodRemaining(chatId) > TimeSpan.Zero || outage.Remaining() > TimeSpan.Zero)
            return false;
        try
        {
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.Stopping);
            return await slots.RunAsync(async () =>
            {
                await outbox.Transport.EditLiveTextAsync(chatId, messageId, text, waiting.Token);
                return true;
            }, waiting.Token);
        }
        catch (DeliveryRateLimitedException ex)
        {
            // The chat's next messages wait for it too, as after any 429.
            turns.Flood(chatId, ex.RetryAfter);
            return false;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
        catch (Exception ex)
        {
            logger.LogInformation("Could not edit message {MessageId} in chat {ChatId}: {Reason}", messageId, chatId, ex.Message);
            return false;
        }
    }
}
