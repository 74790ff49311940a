namespace StoryBot.Core.Outbox;

/// <summary>
/// Bot-wide pacing: message sends across all chats start at least 1/<c>perSecond</c> apart. Telegram allows a bot
/// about 30 messages a second overall (unpublished, docs/telegram-bot-api.md §8); per-chat pacing alone lets a
/// story fanned out to 100 chats go over it and meet 429s.
/// </summary>
/// <remarks>
/// Evenly spaced rather than "N in any second": a window that refills all at once releases a burst exactly one
/// second after the last, and a few milliseconds of jitter on the way then put more than N into one of Telegram's
/// seconds. That happened in the benchmark, so spacing it is.
/// </remarks>
internal sealed class MessageRateLimiter(int perSecond, TimeProvider timeProvider)
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly long _spacingTicks = (long)(timeProvider.TimestampFrequency / (double)perSecond);
    private long _nextStart = long.MinValue;

    /// <summary>Waits for this send's turn; turns go one at a time, in arrival order.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            // On the monotonic clock: a step of the wall clock must not hold every send bot-wide.
            var now = timeProvider.GetTimestamp();
            if (_nextStart > now)
                await Task.Delay(timeProvider.GetElapsedTime(now, _nextStart), timeProvider, cancellationToken);
            // Spaced from when this send really goes: after a stall (a busy thread pool, a GC pause) the sends that
            // were due meanwhile still go one spacing apart instead of all at once.
            _nextStart = timeProvider.GetTimestamp() + _spacingTicks;
        }
        finally
        {
            _turn.Release();
        }
    }
}
