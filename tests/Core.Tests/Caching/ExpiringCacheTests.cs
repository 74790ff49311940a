using Microsoft.Extensions.Time.Testing;
using StoryBot.Core.Caching;

namespace StoryBot.Core.Tests.Caching;

public class ExpiringCacheTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Entries_expire_after_their_lifetime()
    {
        var cache = new ExpiringCache<string, int>(10, TimeSpan.FromHours(24), _time);
        cache.Set("a", 1);

        _time.Advance(TimeSpan.FromHours(23));
        Assert.True(cache.TryGet("a", out var value));
        Assert.Equal(1, value);
        _time.Advance(TimeSpan.FromHours(1));
        Assert.False(cache.TryGet("a", out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void It_never_holds_more_than_its_capacity_dropping_expired_then_oldest_entries()
    {
        var cache = new ExpiringCache<string, int>(3, TimeSpan.FromHours(1), _time);
        cache.Set("old", 0);
        _time.Advance(TimeSpan.FromHours(2));                                       // "old" has expired
        cache.Set("a", 1);
        _time.Advance(TimeSpan.FromMinutes(1));
        cache.Set("b", 2);
        _time.Advance(TimeSpan.FromMinutes(1));
        cache.Set("c", 3);                                                           // makes room by dropping "old"
        Assert.Equal(3, cache.Count);
        Assert.True(cache.TryGet("a", out _));

        _time.Advance(TimeSpan.FromMinutes(1));
        cache.Set("d", 4);                                                           // full of live entries: the oldest ("a") goes

        Assert.Equal(3, cache.Count);
        Assert.False(cache.TryGet("a", out _));
        Assert.True(cache.TryGet("b", out _) && cache.TryGet("c", out _) && cache.TryGet("d", out _));

        for (var i = 0; i < 10_000; i++)
            cache.Set($"user_{i}", i);
        Assert.Equal(3, cache.Count);
    }
}
