namespace StoryBot.Core.Outbox;

/// <summary>
/// While Telegram is out (no answer, 5xx), every send is given up at once instead of each waiting for its own
/// timeout: polls end quickly, keep their items, and one send tries Telegram again when the pause is over.
/// The pause doubles from 5 s up to 2 minutes while the outage lasts. Kept on the monotonic clock, like the chats'
/// pauses in <see cref="ChatTurns"/>.
/// </summary>
internal sealed class TelegramOutage(TimeProvider timeProvider)
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(2);

    private readonly Lock _gate = new();
    private long _until;
    private TimeSpan _backoff;

    /// <summary>How long every send is still paused; zero when Telegram may be tried.</summary>
    public TimeSpan Remaining()
    {
        lock (_gate)
        {
            var now = timeProvider.GetTimestamp();
            return _until > now ? timeProvider.GetElapsedTime(now, _until) : TimeSpan.Zero;
        }
    }

    /// <summary>A send found Telegram out: pauses every send, twice as long as the last pause of this outage.</summary>
    /// <returns>The pause.</returns>
    public TimeSpan MarkUnavailable()
    {
        lock (_gate)
        {
            _backoff = _backoff == TimeSpan.Zero ? FirstPause
                : _backoff * 2 < LongestPause ? _backoff * 2 : LongestPause;
            _until = timeProvider.GetTimestamp() + (long)(_backoff.TotalSeconds * timeProvider.TimestampFrequency);
            return _backoff;
        }
    }

    /// <summary>A send went through: the outage is over, and the next one starts again from the shortest pause.</summary>
    public void MarkAvailable()
    {
        lock (_gate)
            _backoff = TimeSpan.Zero;
    }
}
