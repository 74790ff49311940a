using Microsoft.Extensions.Logging;
using StoryBot.Core.Sources;

namespace StoryBot.Core.Outbox;

/// <summary>
/// Sends one message through a <see cref="ChatLane"/>: waits for the lane's turn, the chat's pace, a send slot and
/// the bot-wide rate, waits out Telegram's short "retry after" answers without holding a slot, and turns the
/// transport's exceptions into a <see cref="SendResult"/>.
/// </summary>
internal sealed class LaneSender(
    PipelineOptions options,
    IChatTransport transport,
    ChatTurns turns,
    SendSlots slots,
    TelegramOutage outage,
    OutboxLifetime lifetime,
    TimeProvider timeProvider,
    ILogger logger)
{
    /// <summary>
    /// Waiting stops at shutdown or on <paramref name="cancellationToken"/>; a send under way is only stopped after
    /// the grace period.
    /// </summary>
    public async Task<SendResult> SendAsync(ChatLane lane, Func<CancellationToken, Task<IReadOnlyList<string?>>> send, Album? album, CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.Stopping);
        if (Flooded(lane.ChatId) is { } before)
            return before;
        await lane.Turn.WaitAsync(waiting.Token);
        for (var rateLimited = 0; ; rateLimited++)
        {
            if (Flooded(lane.ChatId) is { } flooded)
                return flooded;
            var pace = turns.Remaining(lane.ChatId);
            if (pace > TimeSpan.Zero)
                await Task.Delay(pace, timeProvider, waiting.Token);

            // The slot is given back between tries: a chat waiting out its retry_after holds up no other chat.
            if (await slots.RunAsync(() => SendOnceAsync(lane.ChatId, send, album, rateLimited), waiting.Token) is { } result)
                return result;
        }
    }

    /// <summary>One try, holding a send slot; null when Telegram said to come back soon and the message is tried again.</summary>
    /// <param name="rateLimited">How many times Telegram already said so for this message.</param>
    private async Task<SendResult?> SendOnceAsync(long chatId, Func<CancellationToken, Task<IReadOnlyList<string?>>> send, Album? album, int rateLimited)
    {
        var result = await TrySendAsync(chatId, send, album);
        if (result is SendResult.Busy busy && rateLimited < options.MaxRateLimitRetries && busy.RetryAfter <= options.LongestRateLimitWait)
        {
            // Telegram said when to come back: the message stays first in the chat's lane.
            logger.LogInformation("Chat {ChatId} rate limited; retrying in {RetryAfter}", chatId, busy.RetryAfter);
            turns.Flood(chatId, busy.RetryAfter);
            return null;
        }

        if (result is SendResult.Busy flood)
            turns.Flood(chatId, flood.RetryAfter);
        else
            turns.Pause(chatId, PauseAfter(chatId, result));
        if (result is SendResult.Busy gaveUp)
            logger.LogWarning("Chat {ChatId} still rate limited after {Retries} retries (retry after {RetryAfter}); given up for now",
                chatId, rateLimited, gaveUp.RetryAfter);
        return result;
    }

    /// <summary>The chat's pace after a message; a flooded chat is paused for its whole retry_after instead.</summary>
    private TimeSpan PauseAfter(long chatId, SendResult result) =>
        result is SendResult.Sent or SendResult.Refused ? transport.PacingFor(chatId) : TimeSpan.Zero;

    /// <summary>
    /// A chat still paused for longer than a request may wait (Telegram asked for minutes) is given up at once
    /// rather than waited for: a poll would hold its account and every chat behind it. Nothing is sent to it.
    /// </summary>
    private SendResult.Busy? Flooded(long chatId)
    {
        if (turns.FloodRemaining(chatId) is var remaining && remaining > options.LongestRateLimitWait)
            return new SendResult.Busy(remaining);
        return outage.Remaining() is var pause && pause > TimeSpan.Zero ? new SendResult.Busy(pause) : null;
    }

    private async Task<SendResult> TrySendAsync(long chatId, Func<CancellationToken, Task<IReadOnlyList<string?>>> send, Album? album)
    {
        var token = lifetime.SendAbort;
        // The chat action goes out beside the upload, not before it: waiting for it would add a whole Telegram
        // round trip to every album. Nor is it awaited after: it may hang, and the album is what counts.
        if (album is not null)
            _ = transport.ShowActivityAsync(album.Place.InTopic, album.Entries.Any(e => e.Kind == MediaKind.Video) ? ChatActivity.UploadingVideo : ChatActivity.UploadingPhoto, token)
                .ContinueWith(task => _ = task.Exception, TaskScheduler.Default);
        try
        {
            var sent = new SendResult.Sent(await send(token));
            outage.MarkAvailable();
            return sent;
        }
        catch (TelegramUnavailableException ex)
        {
            var pause = outage.MarkUnavailable();
            logger.LogWarning("Telegram is out of reach ({Reason}) sending to chat {ChatId}: every send pauses for {Pause}", ex.Message, chatId, pause);
            return new SendResult.Busy(pause);
        }
        catch (DeliveryRateLimitedException ex)
        {
            return new SendResult.Busy(ex.RetryAfter);
        }
        catch (ChatUnreachableException ex)
        {
            logger.LogWarning("Chat {ChatId} is unreachable: {Reason}", chatId, ex.Message);
            return new SendResult.Unreachable(ex.Message);
        }
        catch (ChatMigratedException ex)
        {
            logger.LogInformation("Chat {ChatId} is now supergroup {NewChatId}", chatId, ex.NewChatId);
            return new SendResult.Moved(ex.NewChatId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
        {
            logger.LogWarning("Telegram refused a message for chat {ChatId}: {Reason}", chatId, ex.Message);
            return new SendResult.Refused(ex.Message);
        }
    }
}
