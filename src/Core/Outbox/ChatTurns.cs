namespace StoryBot.Core.Outbox;

/// <summary>
/// Whose turn it is in each chat, and when the chat may be sent to next. A chat's lanes take turns in the order
/// they were opened; a lane keeps its turn until it is closed, so a story's albums and its report are never
/// interleaved with another request's messages.
/// </summary>
internal sealed class ChatTurns(TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, LinkedList<ChatLane>> _queues = new();
    private readonly Dictionary<long, DateTimeOffset> _notBefore = new();
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

    /// <summary>When the next message may go to the chat.</summary>
    public DateTimeOffset NotBefore(long chatId)
    {
        lock (_gate)
            return _notBefore.GetValueOrDefault(chatId);
    }

    /// <summary>
    /// Pauses only ever extend: a message that sent nothing must not wipe the gap the album before it set, or the
    /// next request's album would follow at once and meet a 429.
    /// </summary>
    public void Pause(long chatId, TimeSpan pause)
    {
        lock (_gate)
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
    }
}
