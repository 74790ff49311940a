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
}
