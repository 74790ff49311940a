using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoryBot.Core.Media;
using StoryBot.Core.Sources;

namespace StoryBot.Core.Outbox;

/// <summary>
/// The only way anything reaches a chat, album or text. Each chat is served in order (one lane at a time, see
/// <see cref="ChatTurns"/>) at its own pace; chats are served in parallel, at most
/// <see cref="PipelineOptions.SendConcurrency"/> sends at once and <see cref="PipelineOptions.MessagesPerSecond"/>
/// bot-wide. Telegram's short "retry after" answers are waited out here, without holding a send slot.
/// </summary>
public sealed class ChatOutbox : IHostedService, IDisposable
{
    /// <summary>
    /// At shutdown, a message Telegram is accepting right now may finish within this long, so its delivery can be
    /// recorded; otherwise the next start would send it again.
    /// </summary>
    private static readonly TimeSpan SendGrace = TimeSpan.FromSeconds(15);

    private readonly PipelineOptions _options;
    private readonly ILogger<ChatOutbox> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly ChatTurns _turns;
    private readonly MessageRateLimiter _rate;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _sendAbort = new();
    private int _disposed;

    /// <summary>
    /// While Telegram is out (no answer, 5xx), every send is given up at once instead of each waiting for its own
    /// timeout: polls end quickly, keep their items, and one send tries Telegram again when the pause is over.
    /// The pause doubles from 5 s up to 2 minutes while the outage lasts.
    /// </summary>
    private long _unavailableUntil;
    private TimeSpan _unavailableBackoff;
    private readonly Lock _availability = new();
    private static readonly TimeSpan FirstOutagePause = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LongestOutagePause = TimeSpan.FromMinutes(2);

    public ChatOutbox(IOptions<PipelineOptions> options, IChatTransport transport, TimeProvider timeProvider, ILogger<ChatOutbox> logger)
    {
        _options = options.Value;
        _logger = logger;
        Transport = transport;
        _timeProvider = timeProvider;
        _turns = new ChatTurns(timeProvider);
        _rate = new MessageRateLimiter(_options.MessagesPerSecond, timeProvider);
        _slots = new SemaphoreSlim(_options.SendConcurrency, _options.SendConcurrency);
    }

    internal IChatTransport Transport { get; }

    public StageGauge Sends { get; } = new();

    /// <summary>Lanes open across all chats: sending, or waiting for their turn, their media or their pace.</summary>
    public int Waiting => _turns.Open;

    /// <summary>
    /// One lane per chat, in this order, for one request: what it sends reaches each chat before anything queued
    /// for that chat later. Close every lane (dispose it) when the request is done with the chat.
    /// </summary>
    public IReadOnlyList<ChatLane> Open(IEnumerable<long> chatIds)
    {
        _stopping.Token.ThrowIfCancellationRequested();
        var lanes = chatIds.Select(chatId => new ChatLane(this, chatId)).ToList();
        _turns.Join(lanes);
        return lanes;
    }

    /// <summary>
    /// Replies one chat may have waiting. A chat cannot queue up minutes of replies ahead of its own stories (300
    /// commands in a group at its 20 messages a minute would): past this, replies to it are dropped and logged.
    /// </summary>
    public const int MaxWaitingReplies = 10;

    private readonly Dictionary<long, int> _waitingReplies = new();

    /// <summary>
    /// Queues a text for the chat, in order with everything else sent to it, as several messages when it is over
    /// Telegram's limit; failures are logged. Returns false, sending nothing, when the chat already has
    /// <see cref="MaxWaitingReplies"/> replies waiting.
    /// </summary>
    public bool EnqueueText(ChatPlace place, string text)
    {
        if (!TakeReplySlot(place.ChatId))
            return false;
        _ = SendReplyAsync(place, () => SendTextAsync(place, text, redirected: false));
        return true;
    }

    /// <summary>As <see cref="EnqueueText"/>, for a text with buttons (one message; see <see cref="LiveText"/>).</summary>
    public bool EnqueueLiveText(ChatPlace place, LiveText text)
    {
        if (!TakeReplySlot(place.ChatId))
            return false;
        _ = SendReplyAsync(place, () => SendLiveTextAsync(place, text, _stopping.Token));
        return true;
    }

    /// <summary>
    /// Sends a text the bot will edit later (a progress message), in order with everything else sent to the chat,
    /// and returns its message id; null when it could not be sent (it is logged).
    /// </summary>
    public async Task<int?> SendLiveTextAsync(ChatPlace place, LiveText text, CancellationToken cancellationToken)
    {
        try
        {
            using var lane = Open([place.ChatId]).Single();
            var (result, messageId) = await lane.SendLiveTextAsync(place, text, cancellationToken);
            if (result is not SendResult.Sent)
                _logger.LogWarning("Could not send a message to chat {ChatId}: {Result}", place.ChatId, result);
            return messageId;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Changes a live text. Outside the chat's order (it changes a message already there) but within the bot-wide
    /// rate and the send slots; skipped while the chat is flooded or Telegram is out. A courtesy: false when it
    /// did not happen, never an exception.
    /// </summary>
    public async Task<bool> EditLiveTextAsync(long chatId, int messageId, LiveText text, CancellationToken cancellationToken)
    {
        if (_turns.FloodRemaining(chatId) > TimeSpan.Zero || OutageRemaining() > TimeSpan.Zero)
            return false;
        try
        {
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
            await _slots.WaitAsync(waiting.Token);
            try
            {
                using (Sends.Enter())
                {
                    await _rate.WaitAsync(waiting.Token);
                    await Transport.EditLiveTextAsync(chatId, messageId, text, waiting.Token);
                    return true;
                }
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (DeliveryRateLimitedException ex)
        {
            _turns.Flood(chatId, ex.RetryAfter);
            return false;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
        catch (Exception ex)
        {
            _logger.LogInformation("Could not edit message {MessageId} in chat {ChatId}: {Reason}", messageId, chatId, ex.Message);
            return false;
        }
    }

    private bool TakeReplySlot(long chatId)
    {
        lock (_waitingReplies)
        {
            var waiting = _waitingReplies.GetValueOrDefault(chatId);
            if (waiting >= MaxWaitingReplies)
            {
                _logger.LogWarning("Reply to chat {ChatId} dropped: {Waiting} replies are already waiting for it", chatId, waiting);
                return false;
            }

            _waitingReplies[chatId] = waiting + 1;
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
            lock (_waitingReplies)
            {
                if (--_waitingReplies[chatId] == 0)
                    _waitingReplies.Remove(chatId);
            }
        }
    }

    /// <summary>Shows what the bot is doing now, outside the chat's order: a courtesy, never an error.</summary>
    public Task ShowActivityAsync(ChatPlace place, ChatActivity activity, CancellationToken cancellationToken) =>
        _turns.FloodRemaining(place.ChatId) > TimeSpan.Zero
            ? Task.CompletedTask   // a chat under Telegram's retry_after gets nothing, not even "typing…"
            : Transport.ShowActivityAsync(place, activity, cancellationToken);

    private async Task SendTextAsync(ChatPlace place, string text, bool redirected)
    {
        var chatId = place.ChatId;
        SendResult result = new SendResult.Sent([]);
        try
        {
            using var lane = Open([chatId]).Single();
            foreach (var (chunk, i) in TextChunks.Split(text).Select((chunk, i) => (chunk, i)))
            {
                // The first part answers the request's message; the rest follow it in the same topic.
                result = await lane.SendTextAsync(i == 0 ? place : place.InTopic, chunk, _stopping.Token);
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
                _logger.LogWarning("Reply for chat {ChatId} dropped: Telegram moved it again, to {NewChatId}", chatId, moved.NewChatId);
                break;
            case not SendResult.Sent:
                _logger.LogWarning("Could not send a reply to chat {ChatId}: {Result}", chatId, result);
                break;
        }
    }

    /// <summary>
    /// Waits for the lane's turn, the chat's pace, a send slot and the bot-wide rate, then sends. Waiting stops at
    /// shutdown or on <paramref name="cancellationToken"/>; a send under way is only stopped after the grace period.
    /// </summary>
    internal async Task<SendResult> SendAsync(ChatLane lane, Func<CancellationToken, Task<IReadOnlyList<string?>>> send, Album? album, CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        if (Flooded(lane.ChatId) is { } before)
            return before;
        await lane.Turn.WaitAsync(waiting.Token);
        for (var rateLimited = 0; ; rateLimited++)
        {
            if (Flooded(lane.ChatId) is { } flooded)
                return flooded;
            var pace = _turns.Remaining(lane.ChatId);
            if (pace > TimeSpan.Zero)
                await Task.Delay(pace, _timeProvider, waiting.Token);

            await _slots.WaitAsync(waiting.Token);
            try
            {
                using (Sends.Enter())
                {
                    await _rate.WaitAsync(waiting.Token);
                    var result = await TrySendAsync(lane.ChatId, send, album);
                    if (result is SendResult.Busy busy && rateLimited < _options.MaxRateLimitRetries && busy.RetryAfter <= _options.LongestRateLimitWait)
                    {
                        // Telegram said when to come back: the message stays first in the chat's lane.
                        _logger.LogInformation("Chat {ChatId} rate limited; retrying in {RetryAfter}", lane.ChatId, busy.RetryAfter);
                        _turns.Flood(lane.ChatId, busy.RetryAfter);
                        continue;
                    }

                    if (result is SendResult.Busy flood)
                        _turns.Flood(lane.ChatId, flood.RetryAfter);
                    else
                        _turns.Pause(lane.ChatId, PauseAfter(lane.ChatId, result));
                    if (result is SendResult.Busy gaveUp)
                        _logger.LogWarning("Chat {ChatId} still rate limited after {Retries} retries (retry after {RetryAfter}); given up for now",
                            lane.ChatId, rateLimited, gaveUp.RetryAfter);
                    return result;
                }
            }
            finally
            {
                _slots.Release();
            }
        }
    }

    /// <summary>The chat's pace after a message; a flooded chat is paused for its whole retry_after instead.</summary>
    private TimeSpan PauseAfter(long chatId, SendResult result) =>
        result is SendResult.Sent or SendResult.Refused ? Transport.PacingFor(chatId) : TimeSpan.Zero;

    /// <summary>
    /// A chat still paused for longer than a request may wait (Telegram asked for minutes) is given up at once
    /// rather than waited for: a poll would hold its account and every chat behind it. Nothing is sent to it.
    /// </summary>
    private SendResult.Busy? Flooded(long chatId)
    {
        if (_turns.FloodRemaining(chatId) is var remaining && remaining > _options.LongestRateLimitWait)
            return new SendResult.Busy(remaining);
        return OutageRemaining() is var outage && outage > TimeSpan.Zero ? new SendResult.Busy(outage) : null;
    }

    private TimeSpan OutageRemaining()
    {
        lock (_availability)
        {
            var now = _timeProvider.GetTimestamp();
            return _unavailableUntil > now ? _timeProvider.GetElapsedTime(now, _unavailableUntil) : TimeSpan.Zero;
        }
    }

    private TimeSpan MarkUnavailable()
    {
        lock (_availability)
        {
            _unavailableBackoff = _unavailableBackoff == TimeSpan.Zero ? FirstOutagePause
                : _unavailableBackoff * 2 < LongestOutagePause ? _unavailableBackoff * 2 : LongestOutagePause;
            _unavailableUntil = _timeProvider.GetTimestamp() + (long)(_unavailableBackoff.TotalSeconds * _timeProvider.TimestampFrequency);
            return _unavailableBackoff;
        }
    }

    private void MarkAvailable()
    {
        lock (_availability)
            _unavailableBackoff = TimeSpan.Zero;
    }

    private async Task<SendResult> TrySendAsync(long chatId, Func<CancellationToken, Task<IReadOnlyList<string?>>> send, Album? album)
    {
        var token = _sendAbort.Token;
        // The chat action goes out beside the upload, not before it: waiting for it would add a whole Telegram
        // round trip to every album. Nor is it awaited after: it may hang, and the album is what counts.
        if (album is not null)
            _ = Transport.ShowActivityAsync(album.Place.InTopic, album.Entries.Any(e => e.Kind == MediaKind.Video) ? ChatActivity.UploadingVideo : ChatActivity.UploadingPhoto, token)
                .ContinueWith(task => _ = task.Exception, TaskScheduler.Default);
        try
        {
            var sent = new SendResult.Sent(await send(token));
            MarkAvailable();
            return sent;
        }
        catch (TelegramUnavailableException ex)
        {
            var pause = MarkUnavailable();
            _logger.LogWarning("Telegram is out of reach ({Reason}) sending to chat {ChatId}: every send pauses for {Pause}", ex.Message, chatId, pause);
            return new SendResult.Busy(pause);
        }
        catch (DeliveryRateLimitedException ex)
        {
            return new SendResult.Busy(ex.RetryAfter);
        }
        catch (ChatUnreachableException ex)
        {
            _logger.LogWarning("Chat {ChatId} is unreachable: {Reason}", chatId, ex.Message);
            return new SendResult.Unreachable(ex.Message);
        }
        catch (ChatMigratedException ex)
        {
            _logger.LogInformation("Chat {ChatId} is now supergroup {NewChatId}", chatId, ex.NewChatId);
            return new SendResult.Moved(ex.NewChatId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
        {
            _logger.LogWarning("Telegram refused a message for chat {ChatId}: {Reason}", chatId, ex.Message);
            return new SendResult.Refused(ex.Message);
        }
    }

    internal void Close(ChatLane lane) => _turns.Leave(lane);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops taking work; sends under way finish (and are recorded by their callers) within the grace period.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(SendGrace);
        try
        {
            // Every slot free means no send is under way; the slots are not given back, nothing sends any more.
            for (var i = 0; i < _options.SendConcurrency; i++)
                await _slots.WaitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await _sendAbort.CancelAsync();
    }

    /// <remarks>Registered as itself and as a hosted service, so the container disposes it twice.</remarks>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        _stopping.Cancel();
        _sendAbort.Cancel();
        _stopping.Dispose();
        _sendAbort.Dispose();
    }
}
