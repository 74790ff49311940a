using Microsoft.Extensions.Logging;

namespace StoryBot.Core.Outbox;

/// <summary>
/// Replies queued without the caller waiting for them: each goes out in its chat's order in the background, as
/// several messages when it is over Telegram's limit, and its failures are logged, not returned.
/// </summary>
internal sealed class ChatReplies(ChatOutbox outbox, LiveTexts liveTexts, OutboxLifetime lifetime, ILogger logger)
{
    /// <summary>
    /// Replies one chat may have waiting. A chat cannot queue up minutes of replies ahead of its own stories (300
    /// commands in a group at its 20 messages a minute would): past this, replies to it are dropped and logged.
    /// </summary>
    public const int MaxWaiting = 10;

    private readonly Dictionary<long, int> _waiting = new();

    /// <returns>False, sending nothing, when the chat already has <see cref="MaxWaiting"/> replies waiting.</returns>
    public bool EnqueueText(ChatPlace place, string text)
    {
        if (!TakeReplySlot(place.ChatId))
            return false;
        _ = SendReplyAsync(place, () => SendTextAsync(place, text, redirected: false));
        return true;
    }

    /// <returns>False, sending nothing, when the chat already has <see cref="MaxWaiting"/> replies waiting.</returns>
    public bool EnqueueLiveText(ChatPlace place, LiveText text)
    {
        if (!TakeReplySlot(place.ChatId))
            return false;
        _ = SendReplyAsync(place, () => liveTexts.SendAsync(place, text, lifetime.Stopping));
        return true;
    }

    private bool TakeReplySlot(long chatId)
    {
        lock (_waiting)
        {
            var waiting = _waiting.GetValueOrDefault(chatId);
            if (waiting >= MaxWaiting)
            {
                logger.LogWarning("Reply to chat {ChatId} dropped: {Waiting} replies are already waiting for it", chatId, waiting);
                return false;
            }

            _waiting[chatId] = waiting + 1;
            return true;
        }
    }

    private async Task SendReplyAsync(ChatPlace place, Func<Task> send)
    {
        var chatId = place.ChatId;
        try
        {
            await send();
        }
        finally
        {
            lock (_waiting)
            {
                if (--_waiting[chatId] == 0)
                    _waiting.Remove(chatId);
            }
        }
    }

    private async Task SendTextAsync(ChatPlace place, string text, bool redirected)
    {
        var chatId = place.ChatId;
        SendResult result = new SendResult.Sent([]);
        try
        {
            using var lane = outbox.Open([chatId]).Single();
            foreach (var (chunk, i) in TextChunks.Split(text).Select((chunk, i) => (chunk, i)))
            {
                // The first part answers the request's message; the rest follow it in the same topic.
                result = await lane.SendTextAsync(i == 0 ? place : place.InTopic, chunk, lifetime.Stopping);
                if (result is not SendResult.Sent)
                    break;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Shutting down: a reply not yet sent is dropped.
            return;
        }

        switch (result)
        {
            case SendResult.Moved moved when !redirected && moved.NewChatId != chatId:
                // The group became a supergroup: the reply goes there, once (its message ids and topics differ).
                await SendTextAsync(moved.NewChatId, text, redirected: true);
                break;
            case SendResult.Moved moved:
                logger.LogWarning("Reply for chat {ChatId} dropped: Telegram moved it again, to {NewChatId}", chatId, moved.NewChatId);
                break;
            case not SendResult.Sent:
                logger.LogWarning("Could not send a reply to chat {ChatId}: {Result}", chatId, result);
                break;
        }
    }
}
