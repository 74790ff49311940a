using Microsoft.Extensions.Options;

namespace StoryBot.Core.Sources.Instagram;

/// <summary>
/// Spaces Instagram requests bot-wide: every request, whoever makes it, waits for its turn, and turns are
/// <see cref="InstagramOptions.RequestInterval"/> plus a random share of <see cref="InstagramOptions.RequestJitter"/>
/// apart (docs/instagram-web.md §10.4). Slower pacing and fewer lookups are what keep a session out of 429s.
/// Turns are kept on the monotonic clock: a wall clock stepped back must not hold every Instagram request for the
/// length of the step (README, fault table).
/// </summary>
public sealed class InstagramPacer(IOptionsMonitor<InstagramOptions> options, TimeProvider timeProvider)
{
    private readonly Lock _lock = new();

    /// <summary>The next free turn as a <see cref="TimeProvider.GetTimestamp"/> value; 0 before the first request.</summary>
    private long _nextTurn;

    /// <summary>Completes when this caller may send its request.</summary>
    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_lock)
        {
            var now = timeProvider.GetTimestamp();
            var turn = _nextTurn > now ? _nextTurn : now;
            wait = timeProvider.GetElapsedTime(now, turn);
            var settings = options.CurrentValue;
            var gap = settings.RequestInterval + TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * settings.RequestJitter.Ticks));
            // Taken now, before waiting: callers queue up in the order they asked, each a full gap after the last.
            _nextTurn = turn + (long)(gap.TotalSeconds * timeProvider.TimestampFrequency);
        }

        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, timeProvider, cancellationToken);
    }
}
