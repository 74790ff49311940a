namespace StoryBot.Core.Outbox;

/// <summary>
/// Whose turn it is in each chat, and when the chat may be sent to next. A chat's lanes take turns in the order
/// they were opened; a lane keeps its turn until it is closed, so a story's albums and its report are never
/// interleaved with another request's messages. Pauses are kept on the monotonic clock: a step of the wall clock
/// (NTP) neither freezes a chat nor lets it be flooded.
/// </summary>
internal sealed class ChatTurns(TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, LinkedList<ChatLane>> _queues = new();
    private readonly Dictionary<long, long> _notBefore = new();
    private readonly Dictionary<long, long> _floodedUntil = new();
    private int _open;

    /// <summary>Lanes open across all chats: holding their turn, or waiting for it.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>
    /// Queues the lanes under one lock: two requests for the same chats then hold their turns in the same order in
    /// every chat, so a later chat's album waiting on an earlier chat's upload can never wait in a cycle.
    /// </summary>
    public void Join(IEnumerable<ChatLane> lanes)
    {
        lock (_gate)
        {
            foreach (var lane in lanes)
            {
                _open++;
                if (_queues.TryGetValue(lane.ChatId, out var queue))
                {
                    queue.AddLast(lane);
                    continue;
                }

                _queues[lane.ChatId] = new LinkedList<ChatLane>([lane]);
                lane.GrantTurn();
            }
        }
    }

    public void Leave(ChatLane lane)
    {
        lock (_gate)
        {
            if (!_queues.TryGetValue(lane.ChatId, out var queue) || !queue.Remove(lane))
                return;
            _open--;
            if (queue.Count == 0)
                _queues.Remove(lane.ChatId);
            else
                queue.First!.Value.GrantTurn();
        }
    }

    /// <summary>How long until the next message may go to the chat.</summary>
    public TimeSpan Remaining(long chatId) => RemainingIn(_notBefore, chatId);

    /// <summary>How long the chat is still under a retry_after Telegram gave.</summary>
    public TimeSpan FloodRemaining(long chatId) => RemainingIn(_floodedUntil, chatId);

    /// <summary>
    /// Pauses only ever extend: a message that sent nothing must not wipe the gap the album before it set, or the
    /// next request's album would follow at once and meet a 429.
    /// </summary>
    public void Pause(long chatId, TimeSpan pause) => Extend(_notBefore, chatId, pause);

    /// <summary>Telegram said retry_after: the chat is paused that long, and marked as flooded.</summary>
    public void Flood(long chatId, TimeSpan retryAfter)
    {
        Extend(_notBefore, chatId, retryAfter);
        Extend(_floodedUntil, chatId, retryAfter);
    }

    private TimeSpan RemainingIn(Dictionary<long, long> table, long chatId)
    {
        lock (_gate)
        {
            if (!table.TryGetValue(chatId, out var until))
                return TimeSpan.Zero;
            var now = timeProvider.GetTimestamp();
            return until > now ? timeProvider.GetElapsedTime(now, until) : TimeSpan.Zero;
        }
    }

    private void Extend(Dictionary<long, long> table, long chatId, TimeSpan pause)
    {
        lock (_gate)
        {
            var now = timeProvider.GetTimestamp();
            var until = now + (long)(pause.TotalSeconds * timeProvider.TimestampFrequency);
            if (table.TryGetValue(chatId, out var current) && current > until)
                until = current;
            if (until > now)
                table[chatId] = until;
            else
                table.Remove(chatId);

            // Keep the table from growing with every chat ever seen.
            if (table.Count > 10_000)
                foreach (var (chat, time) in table.ToList())
                    if (time <= now)
                        table.Remove(chat);
        }
    }
}
