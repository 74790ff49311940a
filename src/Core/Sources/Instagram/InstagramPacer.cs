using Microsoft.Extensions.Options;

namespace StoryBot.Core.Sources.Instagram;

/// <summary>
/// Spaces Instagram requests bot-wide: every request, whoever makes it, waits for its turn, and turns are
/// <see cref="InstagramOptions.RequestInterval"/> plus a random share of <see cref="InstagramOptions.RequestJitter"/>
/// apart (docs/instagram-web.md §10.4). Slower pacing and fewer lookups are what keep a session out of 429s.
/// </summary>
public sealed class InstagramPacer(IOptionsMonitor<InstagramOptions> options, TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private DateTimeOffset _nextTurn = DateTimeOffset.MinValue;

    /// <summary>Completes when this caller may send its request.</summary>
    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_lock)
        {
            var now = timeProvider.GetUtcNow();
            var turn = _nextTurn > now ? _nextTurn : now;
            wait = turn - now;
            var settings = options.CurrentValue;
            var jitter = TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * settings.RequestJitter.Ticks));
            // Taken now, before waiting: callers queue up in the order they asked, each a full gap after the last.
            _nextTurn = turn + settings.RequestInterval + jitter;
        }

        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, timeProvider, cancellationToken);
    }
}
