using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoryBot.Core.Media;

namespace StoryBot.Core.Outbox;

/// <summary>
/// The only way anything reaches a chat, album or text. Each chat is served in order (one lane at a time, see
/// <see cref="ChatTurns"/>) at its own pace; chats are served in parallel, at most
/// <see cref="PipelineOptions.SendConcurrency"/> sends at once and <see cref="PipelineOptions.MessagesPerSecond"/>
/// bot-wide. Telegram's short "retry after" answers are waited out here, without holding a send slot.
/// </summary>
/// <remarks>
/// The front of the outbox and its lifetime. The work is done by its parts: <see cref="LaneSender"/> (each send:
/// turn, pace, slot, rate, retries), <see cref="SendSlots"/>, <see cref="TelegramOutage"/>, <see cref="LiveTexts"/>
/// (messages edited later) and <see cref="ChatReplies"/> (replies queued without waiting).
/// </remarks>
public sealed class ChatOutbox : IHostedService, IDisposable
{
    /// <summary>
    /// At shutdown, a message Telegram is accepting right now may finish within this long, so its delivery can be
    /// recorded; otherwise the next start would send it again.
    /// </summary>
    private static readonly TimeSpan SendGrace = TimeSpan.FromSeconds(15);

    private readonly ChatTurns _turns;
    private readonly SendSlots _slots;
    private readonly OutboxLifetime _lifetime = new();
    private readonly LaneSender _sender;
    private readonly LiveTexts _liveTexts;
    private readonly ChatReplies _replies;

    public ChatOutbox(IOptions<PipelineOptions> options, IChatTransport transport, TimeProvider timeProvider, ILogger<ChatOutbox> logger)
    {
        var settings = options.Value;
        Transport = transport;
        _turns = new ChatTurns(timeProvider);
        _slots = new SendSlots(settings.SendConcurrency, new MessageRateLimiter(settings.MessagesPerSecond, timeProvider));
        // One outage for sends and edits alike: while a send finds Telegram out, edits are skipped too.
        var outage = new TelegramOutage(timeProvider);
        // The parts log under the outbox's name, as one component.
        _sender = new LaneSender(settings, transport, _turns, _slots, outage, _lifetime, timeProvider, logger);
        _liveTexts = new LiveTexts(this, _turns, _slots, outage, _lifetime, logger);
        _replies = new ChatReplies(this, _liveTexts, _lifetime, logger);
    }

    internal IChatTransport Transport { get; }

    public StageGauge Sends => _slots.Sends;

    /// <summary>Lanes open across all chats: sending, or waiting for their turn, their media or their pace.</summary>
    public int Waiting => _turns.Open;

    /// <summary>
    /// One lane per chat, in this order, for one request: what it sends reaches each chat before anything queued
    /// for that chat later. Close every lane (dispose it) when the request is done with the chat.
    /// </summary>
    public IReadOnlyList<ChatLane> Open(IEnumerable<long> chatIds)
    {
        _lifetime.Stopping.ThrowIfCancellationRequested();
        var lanes = chatIds.Select(chatId => new ChatLane(this, chatId)).ToList();
        _turns.Join(lanes);
        return lanes;
    }

    /// <inheritdoc cref="ChatReplies.MaxWaiting"/>
    public const int MaxWaitingReplies = ChatReplies.MaxWaiting;

    /// <summary>
    /// Queues a text for the chat, in order with everything else sent to it, as several messages when it is over
    /// Telegram's limit; failures are logged. Returns false, sending nothing, when the chat already has
    /// <see cref="MaxWaitingReplies"/> replies waiting.
    /// </summary>
    public bool EnqueueText(ChatPlace place, string text) => _replies.EnqueueText(place, text);

    /// <summary>As <see cref="EnqueueText"/>, for a text with buttons (one message; see <see cref="LiveText"/>).</summary>
    public bool EnqueueLiveText(ChatPlace place, LiveText text) => _replies.EnqueueLiveText(place, text);

    /// <summary>
    /// Sends a text the bot will edit later (a progress message), in order with everything else sent to the chat,
    /// and returns its message id; null when it could not be sent (it is logged).
    /// </summary>
    public Task<int?> SendLiveTextAsync(ChatPlace place, LiveText text, CancellationToken cancellationToken) =>
        _liveTexts.SendAsync(place, text, cancellationToken);

    /// <summary>
    /// Changes a live text. Outside the chat's order (it changes a message already there) but within the bot-wide
    /// rate and the send slots; skipped while the chat is flooded or Telegram is out. A courtesy: false when it
    /// did not happen, never an exception.
    /// </summary>
    public Task<bool> EditLiveTextAsync(long chatId, int messageId, LiveText text, CancellationToken cancellationToken) =>
        _liveTexts.EditAsync(chatId, messageId, text, cancellationToken);

    /// <summary>Shows what the bot is doing now, outside the chat's order: a courtesy, never an error.</summary>
    public Task ShowActivityAsync(ChatPlace place, ChatActivity activity, CancellationToken cancellationToken) =>
        _turns.FloodRemaining(place.ChatId) > TimeSpan.Zero
            ? Task.CompletedTask   // a chat under Telegram's retry_after gets nothing, not even "typing…"
            : Transport.ShowActivityAsync(place, activity, cancellationToken);

    /// <summary>
    /// Waits for the lane's turn, the chat's pace, a send slot and the bot-wide rate, then sends. Waiting stops at
    /// shutdown or on <paramref name="cancellationToken"/>; a send under way is only stopped after the grace period.
    /// </summary>
    internal Task<SendResult> SendAsync(ChatLane lane, Func<CancellationToken, Task<IReadOnlyList<string?>>> send, Album? album, CancellationToken cancellationToken) =>
        _sender.SendAsync(lane, send, album, cancellationToken);

    internal void Close(ChatLane lane) => _turns.Leave(lane);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops taking work; sends under way finish (and are recorded by their callers) within the grace period.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _lifetime.StopTakingWorkAsync();
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(SendGrace);
        try
        {
            // Every slot free means no send is under way.
            await _slots.DrainAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await _lifetime.AbortSendsAsync();
    }

    /// <remarks>Registered as itself and as a hosted service, so the container disposes it twice.</remarks>
    public void Dispose() => _lifetime.Dispose();
}
