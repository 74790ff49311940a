namespace StoryBot.Tests.Fakes;

/// <summary>Counts the requests a fake is answering and remembers the most there were at once.</summary>
public sealed class InFlightGauge
{
    private int _now;
    private int _peak;

    public int Peak => Volatile.Read(ref _peak);

    /// <summary>One more request until the returned scope is disposed.</summary>
    public Scope Enter()
    {
        var now = Interlocked.Increment(ref _now);
        int seen;
        while (now > (seen = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
        {
        }

        return new Scope(this);
    }

    public readonly struct Scope(InFlightGauge gauge) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref gauge._now);
    }
}
