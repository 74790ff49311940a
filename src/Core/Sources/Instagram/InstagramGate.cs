using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoryBot.Core.Operations;

namespace StoryBot.Core.Sources.Instagram;

/// <summary>
/// Decides whether Instagram may be called at all. Every poll spends the owner's real account, so after a rate
/// limit nothing goes out for a pause that doubles on repeats, and after a checkpoint nothing goes out until the
/// session is replaced (docs/instagram-web.md §7). The operators are told once per session.
/// </summary>
public sealed class InstagramGate(
    IOptionsMonitor<InstagramOptions> options,
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
                if (_checkpointedSession is not null && _checkpointedSession == Fingerprint())
                    return new InstagramGateState(InstagramGateStatus.Checkpoint, null);
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

    public async Task CheckpointAsync(string detail, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var session = Fingerprint();
            if (_checkpointedSession == session)
                return;
            _checkpointedSession = session;
        }

        logger.LogError("Instagram wants the session's owner to confirm a login ({Detail}); Instagram is paused until Instagram:SessionId is replaced", detail);
        await alerts.NotifyAsync(
            "Instagram asked the bot's account to confirm a login (checkpoint/challenge). Open Instagram with that account, " +
            "complete the check, then set a fresh Instagram:SessionId. Instagram requests are paused until then.",
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

        logger.LogError("Instagram refused the session (login required): Instagram:SessionId is missing or expired");
        await alerts.NotifyAsync(
            "Instagram refused the bot's session: Instagram:SessionId is missing or expired. Log in to Instagram in a browser " +
            "and copy the sessionid cookie into the setting.",
            cancellationToken);
    }

    /// <summary>Which session a verdict was about, without keeping the secret itself.</summary>
    private string Fingerprint() =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(options.CurrentValue.SessionId?.Trim() ?? "")));
}

public enum InstagramGateStatus
{
    Open,
    RateLimited,
    Checkpoint,
}

/// <param name="Until">For <see cref="InstagramGateStatus.RateLimited"/>: when requests may resume.</param>
public sealed record InstagramGateState(InstagramGateStatus Status, DateTimeOffset? Until);
