using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using StoryBot.Core.Http;
using StoryBot.Core.Media;
using StoryBot.Core.Media.Processing;
using StoryBot.Core.Pipeline.Delivery;
using StoryBot.Core.Sources;

namespace StoryBot.Core.Pipeline;

/// <summary>
/// The one path every story takes: download (N workers) → process with ffmpeg (M workers) → send (K workers,
/// one ordered queue per chat). Stages are bounded channels, so a burst of requests waits instead of piling up
/// downloads; one item failing never stops the others; an item's files are deleted once every album that may send
/// them is done, and whatever is left when its request ends.
/// </summary>
public sealed class StoryPipeline : BackgroundService
{
    /// <summary>Telegram albums take 2–10 items.</summary>
    public const int AlbumSize = 10;

    private readonly PipelineOptions _options;
    private readonly MediaDownloader _downloader;
    private readonly MediaProcessor _processor;
    private readonly IStoryDelivery _delivery;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<StoryPipeline> _logger;
    private readonly string _workRoot;
    private readonly Channel<DownloadJob> _downloads;
    private readonly Channel<ProcessJob> _processing;
    private readonly ConcurrentDictionary<Guid, RequestState> _live = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>
    /// Cancels sends only after a grace period at shutdown: an album Telegram is accepting right now must be allowed
    /// to finish and be recorded, or the next start would send it again.
    /// </summary>
    private readonly CancellationTokenSource _sendAbort = new();
    private static readonly TimeSpan SendGrace = TimeSpan.FromSeconds(15);
    private readonly ChatSendQueue _sendQueue;
    private readonly MessageRateLimiter _messageLimit;

    public StoryPipeline(
        IOptions<PipelineOptions> options,
        IOptions<MediaOptions> mediaOptions,
        MediaDownloader downloader,
        MediaProcessor processor,
        IStoryDelivery delivery,
        TimeProvider timeProvider,
        ILogger<StoryPipeline> logger)
    {
        _options = options.Value;
        _downloader = downloader;
        _processor = processor;
        _delivery = delivery;
        _timeProvider = timeProvider;
        _logger = logger;
        _workRoot = WorkFolder.ForThisProcess(WorkFolder.Root(mediaOptions.Value.TempPath));
        // Small buffers between stages: enough to keep workers busy, not so much that work piles up on disk.
        _downloads = Channel.CreateBounded<DownloadJob>(new BoundedChannelOptions(_options.DownloadConcurrency * 4)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
        _processing = Channel.CreateBounded<ProcessJob>(new BoundedChannelOptions(_options.ProcessConcurrency * 2)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
        _sendQueue = new ChatSendQueue(timeProvider, _stopping.Token);
        _messageLimit = new MessageRateLimiter(_options.MessagesPerSecond, timeProvider);
    }

    public StageGauge Downloads { get; } = new();
    public StageGauge Processing { get; } = new();
    public StageGauge Sends { get; } = new();

    public int DownloadQueueDepth => _downloads.Reader.Count;
    public int ProcessQueueDepth => _processing.Reader.Count;
    public int SendQueueDepth => _sendQueue.Depth;

    /// <summary>
    /// Queues the request and returns when every item has been handed to the download stage. The returned task
    /// completes when the request has been fully delivered or has failed; it never throws for a single item.
    /// </summary>
    public async Task<Task<DeliveryResult>> EnqueueAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        _stopping.Token.ThrowIfCancellationRequested();
        if (request.Targets.Count == 0)
            return Task.FromResult(new DeliveryResult([], []));

        var folder = Path.Combine(_workRoot, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        // Only items some chat wants are fetched.
        var wanted = request.Items.Where(item => request.Targets.Any(target => target.Wants(item)));
        var slots = wanted.Select((item, number) => new ItemSlot(item, number)).ToList();
        var state = new RequestState(request, folder, slots);
        _live[state.Id] = state;
        _ = state.Completion.ContinueWith(_ => _live.TryRemove(state.Id, out RequestState? _), TaskScheduler.Default);

        foreach (var unit in PlanUnits(state))
            _sendQueue.Enqueue(unit);

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        try
        {
            foreach (var slot in slots)
            {
                if (request.Observer?.KnownFileId(request.Account, slot.Item) is { } known)
                    slot.Ready(new PreparedMedia("", known.Kind, FileId: known.FileId));   // Telegram has it: no download
                else if (slot.Item.MediaUrl is null)
                    slot.Fail(FailureReason.NoMediaLink);
                else
                    await _downloads.Writer.WriteAsync(new DownloadJob(state, slot), linked.Token);
            }
        }
        catch (Exception ex)
        {
            // The send units are queued already: items that never reached the download stage must still get an
            // outcome, or the chat's queue would wait for them forever.
            foreach (var slot in slots)
                slot.Fail(ex is OperationCanceledException ? FailureReason.Cancelled : FailureReason.DownloadFailed);
            throw;
        }

        return state.Completion;
    }

    /// <summary>Queues a text reply for the chat, in order with everything else sent to it.</summary>
    public void EnqueueText(long chatId, string text)
    {
        _stopping.Token.ThrowIfCancellationRequested();
        _sendQueue.Enqueue(new TextUnit(chatId, text));
    }

    /// <summary>
    /// Per chat: albums of at most 10 items, one series per group (highlight), then the closing report. The first
    /// chat's albums upload; the others wait for the matching first-chat album and reuse its file_ids.
    /// </summary>
    private static IEnumerable<SendUnit> PlanUnits(RequestState state)
    {
        // The first album planned with an item uploads it; every later album with that item waits for that one,
        // so it can send the item by file_id. Dependencies only point at earlier-planned albums: no cycles.
        var uploaders = new Dictionary<int, AlbumUnit>();
        foreach (var target in state.Request.Targets)
        {
            var slots = state.Slots.Where(slot => target.Wants(slot.Item)).ToList();
            foreach (var group in slots.GroupBy(slot => slot.Item.Group))
            {
                var chunks = group.Chunk(AlbumSize).ToList();
                for (var i = 0; i < chunks.Count; i++)
                {
                    var earlier = chunks[i].Select(slot => uploaders.GetValueOrDefault(slot.Number)).OfType<AlbumUnit>().Distinct().ToList();
                    var after = earlier.Count == 0 ? null : Task.WhenAll(earlier.Select(unit => unit.Done));
                    var unit = new AlbumUnit(state, target.ChatId, group.Key, i + 1, chunks.Count, chunks[i], after);
                    foreach (var slot in chunks[i])
                    {
                        slot.AddUser();
                        uploaders.TryAdd(slot.Number, unit);
                    }
                    yield return unit;
                }
            }

            yield return new ReportUnit(state, target.ChatId, slots);
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Leftovers of bot processes that were killed: ours alone, nothing else lives under this root.
        // Done here, not in ExecuteAsync, which .NET 10 runs on another thread while requests may already arrive.
        WorkFolder.DeleteStale(Path.GetDirectoryName(_workRoot)!);
        WorkFolder.DeleteFolderQuietly(_workRoot);
        Directory.CreateDirectory(_workRoot);
        await _processor.WarnIfUnavailableAsync();
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stop taking work; let sends in flight finish (and be recorded) within the grace period.
        await _stopping.CancelAsync();
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(SendGrace);
        if (ExecuteTask is { } running)
            await running.WaitAsync(grace.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _sendAbort.CancelAsync();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {

        await using var registration = stoppingToken.Register(() => _stopping.Cancel());
        var workers = new List<Task>();
        workers.AddRange(Enumerable.Range(0, _options.DownloadConcurrency).Select(_ => Task.Run(() => DownloadWorkerAsync(_stopping.Token))));
        workers.AddRange(Enumerable.Range(0, _options.ProcessConcurrency).Select(_ => Task.Run(() => ProcessWorkerAsync(_stopping.Token))));
        workers.AddRange(Enumerable.Range(0, _options.SendConcurrency).Select(_ => Task.Run(() => SendWorkerAsync(_stopping.Token))));

        try
        {
            await Task.WhenAll(workers);
        }
        finally
        {
            foreach (var state in _live.Values)
                state.Abort();
            WorkFolder.DeleteFolderQuietly(_workRoot);
        }
    }

    /// <remarks>Registered both as itself and as a hosted service, so the container disposes it twice.</remarks>
    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        _stopping.Cancel();
        _sendAbort.Cancel();
        _stopping.Dispose();
        _sendAbort.Dispose();
        base.Dispose();
    }

    private int _disposed;

    private async Task DownloadWorkerAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var job in _downloads.Reader.ReadAllAsync(stopping))
                await DownloadAsync(job, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task DownloadAsync(DownloadJob job, CancellationToken stopping)
    {
        var (state, slot) = job;
        var path = Path.Combine(state.FolderPath, $"{slot.Number:D3}.download");
        try
        {
            using (Downloads.Enter())
                await _downloader.DownloadAsync(slot.Item.MediaUrl!, path, stopping);

            var kind = MediaSniffer.Sniff(path) ?? slot.Item.Kind;
            if (kind != slot.Item.Kind)
                _logger.LogWarning("Item {ItemId} was announced as {Announced} but its bytes are a {Actual}", slot.Item.Id, slot.Item.Kind, kind);

            // Most photos are JPEGs Telegram takes as they are: they skip the ffmpeg stage and its queue.
            if (kind == MediaKind.Photo && MediaProcessor.IsSendablePhoto(path))
                slot.Ready(new PreparedMedia(path, kind));
            else
                await _processing.Writer.WriteAsync(new ProcessJob(state, slot, path, kind), stopping);
        }
        catch (HostNotAllowedException ex)
        {
            _logger.LogWarning("Refused media of {ItemId} from {Host}: not on Media:AllowedHosts", slot.Item.Id, ex.Host);
            slot.Fail(FailureReason.HostNotAllowed);
        }
        catch (Exception ex) when (ex is MediaDownloadException or HttpRequestException or IOException or TimeoutRejectedException)
        {
            _logger.LogWarning("Could not download {ItemId} of {Username}: {Reason}", slot.Item.Id, state.Request.Account.Username, ex.Message);
            WorkFolder.DeleteFileQuietly(path);
            slot.Fail(FailureReason.DownloadFailed);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            slot.Fail(FailureReason.Cancelled);
            throw;
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Unexpected failure downloading {ItemId}", slot.Item.Id);
            WorkFolder.DeleteFileQuietly(path);
            slot.Fail(FailureReason.DownloadFailed);
        }
    }

    private async Task ProcessWorkerAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var (state, slot, path, kind) in _processing.Reader.ReadAllAsync(stopping))
            {
                try
                {
                    using (Processing.Enter())
                        slot.Ready(await _processor.PrepareAsync(path, kind, stopping));
                }
                catch (MediaRejectedException ex)
                {
                    _logger.LogWarning("Item {ItemId} of {Username} cannot go to Telegram: {Reason}", slot.Item.Id, state.Request.Account.Username, ex.Message);
                    WorkFolder.DeleteFileQuietly(path);
                    slot.Fail(ex.Reason);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    slot.Fail(FailureReason.Cancelled);
                    throw;
                }
                catch (Exception ex)
                {
                    // The processor handles ffmpeg failures itself; anything else is a defect. The original is
                    // still better than nothing.
                    _logger.LogError(ex, "Unexpected failure processing {ItemId}; sending the original", slot.Item.Id);
                    slot.Ready(new PreparedMedia(path, kind));
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task SendWorkerAsync(CancellationToken stopping)
    {
        try
        {
            // Reading stops at shutdown; the send itself runs on the later-cancelled token (see _sendAbort).
            var send = _sendAbort.Token;
            await foreach (var chatId in _sendQueue.ReadyChats.ReadAllAsync(stopping))
            {
                var unit = _sendQueue.Head(chatId);
                using (Sends.Enter())
                {
                    switch (unit)
                    {
                        case AlbumUnit album:
                            await SendAlbumAsync(album, send);
                            break;
                        case ReportUnit report:
                            await ReportAsync(report, send);
                            break;
                        case TextUnit text:
                            await SendTextAsync(text, send);
                            break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested || _sendAbort.IsCancellationRequested)
        {
        }
    }

    private async Task SendAlbumAsync(AlbumUnit unit, CancellationToken stopping)
    {
        var state = unit.Request;
        var chatId = unit.ChatId;
        var account = state.Request.Account;
        var outcomes = unit.Slots.Select(slot => (slot, outcome: slot.Outcome.Result)).ToList();
        if (!unit.FailuresRecorded)
        {
            foreach (var (slot, outcome) in outcomes.Where(o => o.outcome.Failure is not null))
                state.Failed(new ItemFailure(slot.Item, outcome.Failure!.Value) { ChatId = chatId });
            unit.FailuresRecorded = true;
        }

        var entries = outcomes
            .Where(o => o.outcome.Media is not null)
            .Select(o => new AlbumEntry(o.slot.Item, o.outcome.Media!, state.FileIds.GetValueOrDefault(o.slot.Item.Id) ?? o.outcome.Media!.FileId))
            .ToList();

        if (entries.Count == 0 || state.StoppedBecause(chatId) is not null)
        {
            if (state.StoppedBecause(chatId) is { } reason)
                RecordFailures(state, chatId, entries, reason);
            Complete(unit, TimeSpan.Zero);
            return;
        }

        var album = new Album(chatId, account, state.Request.Kind, unit.Group, unit.Part, unit.PartCount, entries);
        await _messageLimit.WaitAsync(stopping);
        IReadOnlyList<string?> fileIds;
        // The "sending a video…" action goes out beside the upload, not before it: waiting for it would add a
        // whole Telegram round trip to every album.
        var action = _delivery.ShowUploadingAsync(chatId, entries.Any(e => e.Media.Kind == MediaKind.Video) ? MediaKind.Video : MediaKind.Photo, stopping);
        try
        {
            fileIds = await _delivery.SendAlbumAsync(album, stopping);
        }
        catch (DeliveryRateLimitedException ex) when (WaitsOut(unit.RateLimitRetries, ex))
        {
            // Telegram said when to come back: the album stays at the head of this chat's queue.
            unit.RateLimitRetries++;
            _logger.LogInformation("Chat {ChatId} rate limited; album retried in {RetryAfter}", chatId, ex.RetryAfter);
            _sendQueue.RetryHead(chatId, ex.RetryAfter);
            return;
        }
        catch (DeliveryRateLimitedException ex)
        {
            // Telegram keeps saying "wait", asks for minutes, or does not answer: give this chat up for the request
            // instead of holding it (and, for a poll, the account and every chat behind it). Nothing is recorded as
            // delivered, so the next poll brings the items. Not split into single messages (that only floods the
            // chat more) and no file_id is forgotten: the album was not refused (found in review).
            _logger.LogWarning("Chat {ChatId} still rate limited after {Retries} retries (retry after {RetryAfter}); its items wait for the next poll",
                chatId, unit.RateLimitRetries, ex.RetryAfter);
            state.StopSending(chatId, FailureReason.TelegramBusy);
            RecordFailures(state, chatId, entries, FailureReason.TelegramBusy);
            // The pause is capped too: the next request for this chat (a poll of another account, say) tries once
            // after at most this long and, if Telegram still asks for minutes, gives up at once as well.
            Complete(unit, ex.RetryAfter < _options.LongestRateLimitWait ? ex.RetryAfter : _options.LongestRateLimitWait);
            return;
        }
        catch (ChatUnreachableException ex)
        {
            _logger.LogWarning("Chat {ChatId} is unreachable, dropping the rest of this request for it: {Reason}", chatId, ex.Message);
            state.StopSending(chatId, FailureReason.ChatUnreachable);
            RecordFailures(state, chatId, entries, FailureReason.ChatUnreachable);
            await Observe(() => state.Request.Observer?.ChatUnreachableAsync(chatId, stopping));
            Complete(unit, TimeSpan.Zero);
            return;
        }
        catch (ChatMigratedException ex)
        {
            // The group became a supergroup: nothing more of this request goes to the old id (no report either);
            // the observer moves the chat's subscriptions and records and sends the rest to the new id.
            _logger.LogInformation("Chat {ChatId} is now supergroup {NewChatId}", chatId, ex.NewChatId);
            state.StopSending(chatId, FailureReason.ChatUnreachable);
            RecordFailures(state, chatId, entries, FailureReason.ChatUnreachable);
            await Observe(() => state.Request.Observer?.ChatMigratedAsync(chatId, ex.NewChatId, stopping));
            Complete(unit, TimeSpan.Zero);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            if (entries.Count > 1)
            {
                // One item Telegram refuses must not sink the album: send the items one by one instead.
                _logger.LogWarning("Album for chat {ChatId} was refused ({Reason}); sending its {Count} items one by one", chatId, ex.Message, entries.Count);
                var singles = unit.Slots
                    .Where(slot => slot.Outcome.Result.Media is not null)
                    .Select(slot => (SendUnit)new AlbumUnit(state, chatId, unit.Group, unit.Part, unit.PartCount, [slot]) { FailuresRecorded = true })
                    .ToList();
                // The singles take over the album's hold on the files.
                foreach (var single in singles.Cast<AlbumUnit>())
                    single.Slots[0].AddUser();
                foreach (var slot in unit.Slots)
                    slot.ReleaseUser();
                // Other chats waiting on this album wait for the singles, so they still get file_ids.
                _ = Task.WhenAll(singles.Cast<AlbumUnit>().Select(single => single.Done)).ContinueWith(_ => unit.MarkDone(), TaskScheduler.Default);
                _sendQueue.ReplaceHead(chatId, singles, _delivery.PacingFor(chatId));
                return;
            }

            _logger.LogWarning(ex, "Telegram refused item {ItemId} for chat {ChatId}", entries[0].Item.Id, chatId);
            if (entries[0].FileId is not null)
            {
                // A remembered file_id may be stale (another bot token) or of the wrong kind: next time, upload.
                state.FileIds.TryRemove(entries[0].Item.Id, out _);
                if (state.Request.Observer is { } observer)
                    await Observe(() => { observer.FileIdRejected(state.Request.Account, entries[0].Item); return Task.CompletedTask; });
            }

            RecordFailures(state, chatId, entries, FailureReason.SendRefused);
            Complete(unit, _delivery.PacingFor(chatId));
            return;
        }

        var delivered = entries.Select((entry, i) => new DeliveredItem(entry.Item, i < fileIds.Count ? fileIds[i] : null) { ChatId = chatId, Kind = entry.Media.Kind }).ToList();
        foreach (var item in delivered)
        {
            state.Delivered(item);
            if (item.FileId is not null)
                state.FileIds.TryAdd(item.Item.Id, item.FileId);
        }

        // Recorded before the next album goes out (and before waiting for the chat action, which may hang): a
        // crash can repeat at most this one album.
        await Observe(() => state.Request.Observer?.DeliveredAsync(chatId, account, delivered, stopping));
        await action.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Complete(unit, _delivery.PacingFor(chatId));
    }

    /// <summary>Whether a 429 (or no answer) is waited out and the unit sent again, rather than given up.</summary>
    private bool WaitsOut(int retriesSoFar, DeliveryRateLimitedException ex) =>
        retriesSoFar < _options.MaxRateLimitRetries && ex.RetryAfter <= _options.LongestRateLimitWait;

    private void Complete(AlbumUnit unit, TimeSpan pause)
    {
        foreach (var slot in unit.Slots)
            slot.ReleaseUser();
        unit.MarkDone();
        _sendQueue.CompleteHead(unit.ChatId, pause);
    }

    private static void RecordFailures(RequestState state, long chatId, IEnumerable<AlbumEntry> entries, FailureReason reason)
    {
        foreach (var entry in entries)
            state.Failed(new ItemFailure(entry.Item, reason) { ChatId = chatId });
    }

    /// <summary>An observer failing (storage down) must not stop delivery; it is logged loudly.</summary>
    private async Task Observe(Func<Task?> call)
    {
        try
        {
            if (call() is { } task)
                await task;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Recording a delivery outcome failed");
        }
    }

    private async Task SendTextAsync(TextUnit unit, CancellationToken stopping)
    {
        try
        {
            await _messageLimit.WaitAsync(stopping);
            await _delivery.SendTextAsync(unit.ChatId, unit.Text, stopping);
            _sendQueue.CompleteHead(unit.ChatId, _delivery.PacingFor(unit.ChatId));
        }
        catch (DeliveryRateLimitedException ex) when (WaitsOut(unit.RateLimitRetries, ex))
        {
            unit.RateLimitRetries++;
            _sendQueue.RetryHead(unit.ChatId, ex.RetryAfter);
        }
        catch (ChatMigratedException ex)
        {
            // The group became a supergroup: the reply goes there, once (its subscriptions move with the service
            // message or the next story sent to the old id).
            _sendQueue.CompleteHead(unit.ChatId, TimeSpan.Zero);
            if (!unit.Redirected && ex.NewChatId != unit.ChatId)
                _sendQueue.Enqueue(new TextUnit(ex.NewChatId, unit.Text) { Redirected = true });
            else
                _logger.LogWarning("Reply for chat {ChatId} dropped: Telegram moved it again, to {NewChatId}", unit.ChatId, ex.NewChatId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            _logger.LogWarning("Could not send a reply to chat {ChatId}: {Reason}", unit.ChatId, ex.Message);
            _sendQueue.CompleteHead(unit.ChatId, TimeSpan.Zero);
        }
    }

    private async Task ReportAsync(ReportUnit unit, CancellationToken stopping)
    {
        var state = unit.Request;
        var chatId = unit.ChatId;
        var pause = TimeSpan.Zero;
        try
        {
            // A chat given up because Telegram was busy is still told (for a command; a poll's observer keeps
            // those items for the next poll and tells nothing); an unreachable or moved chat cannot be.
            if (state.StoppedBecause(chatId) is null or FailureReason.TelegramBusy)
            {
                if (unit.ToTell is null)
                {
                    IReadOnlyList<ItemFailure> all = state.FailuresFor(chatId);
                    unit.ToTell = state.Request.Observer is { } observer && all.Count > 0
                        ? await observer.FailedAsync(chatId, state.Request.Account, all, stopping)
                        : all;
                }

                var failures = unit.ToTell;
                if (failures.Count > 0)
                {
                    await _messageLimit.WaitAsync(stopping);
                    await _delivery.SendFailuresAsync(chatId, state.Request.Account, failures, stopping);
                    pause = _delivery.PacingFor(chatId);
                }
            }
        }
        catch (DeliveryRateLimitedException ex) when (WaitsOut(unit.RateLimitRetries, ex))
        {
            unit.RateLimitRetries++;
            _sendQueue.RetryHead(chatId, ex.RetryAfter);
            return;
        }
        catch (ChatMigratedException ex)
        {
            // Upgraded to a supergroup between the last album and this report: the observer moves the chat, and
            // the failed items are tried again there (the poll's or command's follow-up), which reports them.
            await Observe(() => state.Request.Observer?.ChatMigratedAsync(chatId, ex.NewChatId, stopping));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            _logger.LogWarning(ex, "Could not tell chat {ChatId} about failed items", chatId);
        }

        _sendQueue.CompleteHead(chatId, pause);
        state.TargetFinished();
    }

    private sealed record DownloadJob(RequestState State, ItemSlot Slot);

    private sealed record ProcessJob(RequestState State, ItemSlot Slot, string Path, MediaKind Kind);
}
