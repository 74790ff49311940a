using Microsoft.Extensions.Time.Testing;
using StoryBot.Core.Outbox;

namespace StoryBot.Core.Tests.Outbox;

/// <summary>The bot-wide send spacing, on a fake clock so the times are exact.</summary>
public sealed class MessageRateLimiterTests
{
    [Fact]
    public async Task Sends_go_one_spacing_apart_in_arrival_order_even_after_a_stall()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-29T10:00:00Z"));
        var limiter = new MessageRateLimiter(perSecond: 4, time);                       // 250 ms apart
        var released = new List<(int Send, DateTimeOffset At)>();

        var sends = Enumerable.Range(0, 4).Select(i => Release(i)).ToList();
        await WaitUntil(() => released.Count == 1);
        Assert.Equal([(0, time.GetUtcNow())], released);                               // the first goes at once
        for (var i = 1; i < 4; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(249));
            await Task.Delay(20);
            Assert.Equal(i, released.Count);                                           // not a millisecond early
            time.Advance(TimeSpan.FromMilliseconds(1));
            await WaitUntil(() => released.Count == i + 1);
        }

        await Task.WhenAll(sends);
        Assert.Equal([0, 1, 2, 3], released.Select(r => r.Send));

        // After a long quiet spell the next send goes at once; the one right after it still waits a spacing.
        time.Advance(TimeSpan.FromSeconds(10));
        var late = Release(4);
        var next = Release(5);
        await WaitUntil(() => released.Count == 5);
        await Task.Delay(20);
        Assert.Equal(5, released.Count);
        time.Advance(TimeSpan.FromMilliseconds(250));
        await Task.WhenAll(late, next);
        Assert.Equal(TimeSpan.FromMilliseconds(250), released[5].At - released[4].At);

        async Task Release(int send)
        {
            await limiter.WaitAsync(CancellationToken.None);
            lock (released)
                released.Add((send, time.GetUtcNow()));
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(5);
        }
    }
}
