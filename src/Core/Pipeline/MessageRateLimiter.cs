namespace StoryBot.Core.Pipeline;

/// <summary>
/// Bot-wide pacing: at most <c>perSecond</c> messages start in any one-second window, across all chats. Telegram
/// allows a bot about 30 messages a second overall (unpublished, docs/telegram-bot-api.md "Flood"); the per-chat
/// pacing alone let a story fanned out to 100 chats go over it and meet 429s (found with the benchmark, issue #5).
/// </summary>
internal sealed class MessageRateLimiter(int perSecond, TimeProvider timeProvider)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Queue<DateTimeOffset> _recent = new();

    /// <summary>Waits until one more message fits in the window, and counts it.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        // One waiter at a time, in arrival order, so a steady stream of sends cannot starve one of them.
        await _turn.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                var now = timeProvider.GetUtcNow();
                while (_recent.Count > 0 && now - _recent.Peek() >= Window)
                    _recent.Dequeue();
                if (_recent.Count < perSecond)
                {
                    _recent.Enqueue(now);
                    return;
                }

                await Task.Delay(_recent.Peek() + Window - now, timeProvider, cancellationToken);
            }
        }
        finally
        {
            _turn.Release();
        }
    }
}
