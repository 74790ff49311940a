using System.Threading.Channels;

namespace StoryBot.Core.Pipeline;

/// <summary>
/// One ordered queue per chat, served in parallel across chats. A chat's key is handed to the send workers only
/// when the unit at the head of its queue is ready and the chat's pacing allows a message, so no worker ever
/// sits waiting for a download or for Telegram's per-chat limit, and no two workers send to one chat at once.
/// </summary>
internal sealed class ChatSendQueue(TimeProvider timeProvider, CancellationToken stopping)
{
    private readonly object _gate = new();
    private readonly Dictionary<long, LinkedList<SendUnit>> _queues = new();
    private readonly Dictionary<long, DateTimeOffset> _notBefore = new();
    private readonly Channel<long> _readyChats = Channel.CreateUnbounded<long>();
    private int _depth;

    public ChannelReader<long> ReadyChats => _readyChats.Reader;

    /// <summary>Units waiting, across all chats.</summary>
    public int Depth => Volatile.Read(ref _depth);

    public void Enqueue(SendUnit unit)
    {
        lock (_gate)
        {
            Interlocked.Increment(ref _depth);
            if (_queues.TryGetValue(unit.ChatId, out var queue))
            {
                queue.AddLast(unit);
                return;
            }

            _queues[unit.ChatId] = new LinkedList<SendUnit>([unit]);
            Signal(unit.ChatId, unit);
        }
    }

    public SendUnit Head(long chatId)
    {
        lock (_gate)
            return _queues[chatId].First!.Value;
    }

    /// <summary>The head unit is done; the next one may go once it is ready and <paramref name="pause"/> has passed.</summary>
    public void CompleteHead(long chatId, TimeSpan pause)
    {
        lock (_gate)
        {
            var queue = _queues[chatId];
            queue.RemoveFirst();
            Interlocked.Decrement(ref _depth);
            SetPause(chatId, pause);
            if (queue.Count == 0)
                _queues.Remove(chatId);
            else
                Signal(chatId, queue.First!.Value);
        }
    }

    /// <summary>Try the head unit again after <paramref name="delay"/> (Telegram's retry_after).</summary>
    public void RetryHead(long chatId, TimeSpan delay)
    {
        lock (_gate)
        {
            SetPause(chatId, delay);
            Signal(chatId, _queues[chatId].First!.Value);
        }
    }

    /// <summary>Replaces the head unit by several (an album split into single items), the first going next.</summary>
    public void ReplaceHead(long chatId, IReadOnlyList<SendUnit> replacements, TimeSpan pause)
    {
        lock (_gate)
        {
            var queue = _queues[chatId];
            queue.RemoveFirst();
            foreach (var unit in replacements.Reverse())
                queue.AddFirst(unit);
            Interlocked.Add(ref _depth, replacements.Count - 1);
            SetPause(chatId, pause);
            if (queue.Count == 0)
                _queues.Remove(chatId);
            else
                Signal(chatId, queue.First!.Value);
        }
    }

    /// <summary>
    /// Pauses only ever extend: a unit that sent nothing (the silent end-of-request report, an empty album) completes
    /// with no pause, and must not wipe the gap the album before it set, or the next request's album would follow
    /// at once and meet a 429 (found in review).
    /// </summary>
    private void SetPause(long chatId, TimeSpan pause)
    {
        var now = timeProvider.GetUtcNow();
        var until = now + pause;
        if (_notBefore.TryGetValue(chatId, out var current) && current > until)
            until = current;
        if (until > now)
            _notBefore[chatId] = until;
        else
            _notBefore.Remove(chatId);

        // Keep the pacing table from growing with every chat ever seen.
        if (_notBefore.Count > 10_000)
            foreach (var (chat, time) in _notBefore.ToList())
                if (time <= now)
                    _notBefore.Remove(chat);
    }

    /// <summary>Hands the chat to a worker once <paramref name="head"/> is ready and the chat's pause is over.</summary>
    private void Signal(long chatId, SendUnit head)
    {
        var notBefore = _notBefore.GetValueOrDefault(chatId);
        _ = SignalWhenDue();

        async Task SignalWhenDue()
        {
            try
            {
                await head.Ready.WaitAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch
            {
                // A failed item is still "ready": the unit reports it.
            }

            var wait = head.SendsMessage ? notBefore - timeProvider.GetUtcNow() : TimeSpan.Zero;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, timeProvider, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            _readyChats.Writer.TryWrite(chatId);
        }
    }
}
