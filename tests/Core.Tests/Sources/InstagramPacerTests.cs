using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StoryBot.Core.Sources.Instagram;

namespace StoryBot.Core.Tests.Sources;

public sealed class InstagramPacerTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-03-01T12:00:00Z"));

    private sealed class Monitor(InstagramOptions options) : IOptionsMonitor<InstagramOptions>
    {
        public InstagramOptions CurrentValue => options;
        public InstagramOptions Get(string? name) => options;
        public IDisposable? OnChange(Action<InstagramOptions, string?> listener) => null;
    }

    [Fact]
    public async Task Requests_from_anywhere_go_out_one_interval_apart_plus_jitter()
    {
        var pacer = new InstagramPacer(new Monitor(new InstagramOptions { RequestInterval = TimeSpan.FromSeconds(6), RequestJitter = TimeSpan.FromSeconds(6) }), _time);

        await pacer.WaitTurnAsync(CancellationToken.None);           // the first goes at once
        var second = pacer.WaitTurnAsync(CancellationToken.None);
        var third = pacer.WaitTurnAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(5.9));
        Assert.False(second.IsCompleted);                             // never sooner than the interval
        _time.Advance(TimeSpan.FromSeconds(6.2));                     // 12.1 s: the second's turn has come, whatever the jitter
        await second;
        Assert.False(third.IsCompleted);                              // and the third is a full interval after it
        _time.Advance(TimeSpan.FromSeconds(12));
        await third;
    }

    [Fact]
    public async Task After_a_quiet_spell_the_next_request_does_not_wait()
    {
        var pacer = new InstagramPacer(new Monitor(new InstagramOptions { RequestInterval = TimeSpan.FromSeconds(6), RequestJitter = TimeSpan.Zero }), _time);
        await pacer.WaitTurnAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(pacer.WaitTurnAsync(CancellationToken.None).IsCompleted);
    }

    /// <summary>An NTP step of the wall clock neither holds Instagram requests for its length nor lets them through early.</summary>
    [Fact]
    public async Task A_step_of_the_wall_clock_neither_freezes_nor_hurries_the_turns()
    {
        var clock = new SteppedWallClock(_time);
        var pacer = new InstagramPacer(new Monitor(new InstagramOptions { RequestInterval = TimeSpan.FromSeconds(6), RequestJitter = TimeSpan.Zero }), clock);
        await pacer.WaitTurnAsync(CancellationToken.None);

        clock.Offset = TimeSpan.FromMinutes(-10);                       // stepped back
        var second = pacer.WaitTurnAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(6));
        await second.WaitAsync(TimeSpan.FromSeconds(5));                // its turn, not ten minutes later

        clock.Offset = TimeSpan.FromMinutes(10);                        // stepped forward
        var third = pacer.WaitTurnAsync(CancellationToken.None);
        Assert.False(third.IsCompleted);                                // still a full interval after the second
        _time.Advance(TimeSpan.FromSeconds(6));
        await third.WaitAsync(TimeSpan.FromSeconds(5));
    }

    /// <summary>A fake clock whose wall time can be stepped while its monotonic time and timers go on.</summary>
    private sealed class SteppedWallClock(FakeTimeProvider inner) : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            inner.CreateTimer(callback, state, dueTime, period);
    }
}
