using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoryBot.Core.Operations;

namespace StoryBot.Core.Sources.Instagram;

/// <summary>
/// Decides whether Instagram may be called at all. Every poll spends the owner's real account, so after a rate
/// limit nothing goes out for a pause that doubles on repeats, and after a checkpoint nothing goes out until the
/// session is replaced (docs/instagram-web.md §7). The operators are told once per session. Only the story endpoints
/// close it: the username lookups pause path by path (<see cref="InstagramIdLookup"/>), so a 429 there never stops
/// the stories of accounts whose id is known.
/// </summary>
public sealed class InstagramGate(
    IOptionsMonitor<InstagramOptions> options,
    InstagramSession session,
    IOperatorAlerts alerts,
    TimeProvider timeProvider,
    ILogger<InstagramGate> logger)
{
    private readonly object _lock = new();
    private int _rateLimitStreak;
    private DateTimeOffset _pausedUntil;
    private string? _checkpointedSession;
    private string? _expiredSession;

    public InstagramGateState State
    {
        get
        {
            lock (_lock)
            {
                var current = Fingerprint();
                if (_checkpointedSession is not null && _checkpointedSession == current)
                    return new InstagramGateState(InstagramGateStatus.Checkpoint, null);
                // An expired session stays expired: asking again only spends requests until it is replaced.
                if (_expiredSession is not null && _expiredSession == current)
                    return new InstagramGateState(InstagramGateStatus.SessionExpired, null);
                return timeProvider.GetUtcNow() < _pausedUntil
                    ? new InstagramGateState(InstagramGateStatus.RateLimited, _pausedUntil)
                    : new InstagramGateState(InstagramGateStatus.Open, null);
            }
        }
    }

    public void Succeeded()
    {
        lock (_lock)
            _rateLimitStreak = 0;
    }

    /// <returns>When calls may resume.</returns>
    public DateTimeOffset RateLimited()
    {
        lock (_lock)
        {
            var settings = options.CurrentValue;
            var pause = TimeSpan.FromTicks(Math.Min(
                settings.MaxRateLimitPause.Ticks,
                settings.RateLimitPause.Ticks * (1L << Math.Min(_rateLimitStreak, 20))));
            _rateLimitStreak++;
            _pausedUntil = timeProvider.GetUtcNow() + pause;
            logger.LogWarning("Instagram rate-limited us ({Streak} in a row): no Instagram requests for {Pause}", _rateLimitStreak, pause);
            return _pausedUntil;
        }
    }

    /// <summary>Checkpoint or expiry of the current session, if either closed the gate.</summary>
    public bool SessionRefused
    {
        get
        {
            lock (_lock)
            {
                var current = Fingerprint();
                return _checkpointedSession == current || _expiredSession == current;
            }
        }
    }

    /// <summary>
    /// A different session was picked up while running. Verdicts about the old one no longer hold (they are keyed
    /// by its fingerprint), so the gate is open again; the operators hear that their change took effect.
    /// </summary>
    public async Task SessionReplacedAsync(CancellationToken cancellationToken)
    {
        bool wasClosed;
        lock (_lock)
        {
            wasClosed = _checkpointedSession is not null || _expiredSession is not null;
            _checkpointedSession = null;
            _expiredSession = null;
        }

        logger.LogInformation("Instagram gate reopened for the new session (it was {Was})", wasClosed ? "closed by a checkpoint or expiry" : "open");
        await alerts.NotifyAsync(
            $"A new Instagram session was picked up from {session.SourceName}. Instagram requests go out again with it.",
            cancellationToken);
    }

    public async Task CheckpointAsync(string detail, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var session = Fingerprint();
            if (_checkpointedSession == session)
                return;
            _checkpointedSession = session;
        }

        logger.LogError("Instagram wants the session's owner to confirm a login ({Detail}); Instagram is paused until {Source} is replaced", detail, session.SourceName);
        await alerts.NotifyAsync(
            "Instagram asked the bot's account to confirm a login (checkpoint/challenge). Open Instagram with that account, " +
            $"complete the check, then set a fresh {session.SourceName} (no restart needed). Instagram requests are paused until then.",
            cancellationToken);
    }

    public async Task SessionExpiredAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var session = Fingerprint();
            if (_expiredSession == session)
                return;
            _expiredSession = session;
        }

        logger.LogError("Instagram refused the session (login required): {Source} is missing or expired", session.SourceName);
        await alerts.NotifyAsync(
            $"Instagram refused the bot's session: {session.SourceName} is missing or expired (Instagram no longer treats it as logged in). " +
            "Log in to Instagram in a browser and copy the sessionid cookie into the setting; it is picked up without a restart.",
            cancellationToken);
    }

    /// <summary>Which session a verdict was about, without keeping the secret itself.</summary>
    private string Fingerprint() => session.Fingerprint;
}

public enum InstagramGateStatus
{
    Open,
    RateLimited,
    Checkpoint,
    SessionExpired,
}

/// <param name="Until">For <see cref="InstagramGateStatus.RateLimited"/>: when requests may resume.</param>
public sealed record InstagramGateState(InstagramGateStatus Status, DateTimeOffset? Until);
