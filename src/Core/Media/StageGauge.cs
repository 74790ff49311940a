namespace StoryBot.Core.Media;

/// <summary>How many workers of a stage are busy now, and the most there ever were at once.</summary>
public sealed class StageGauge
{
    private int _active;
    private int _peak;

    public int Active => Volatile.Read(ref _active);
    public int Peak => Volatile.Read(ref _peak);

    internal IDisposable Enter()
    {
        var now = Interlocked.Increment(ref _active);
        int peak;
        while (now > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak)
        {
        }

        return new Exit(this);
    }

    private sealed class Exit(StageGauge gauge) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                Interlocked.Decrement(ref gauge._active);
        }
    }
}
