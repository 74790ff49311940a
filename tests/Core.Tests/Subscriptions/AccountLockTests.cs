using System.Collections.Concurrent;
using StoryBot.Core.Sources;
using StoryBot.Core.Subscriptions;
using StoryBot.Core.Tests.Pipeline;

namespace StoryBot.Core.Tests.Subscriptions;

/// <summary>The per-account lock that keeps polls and /snap of one account from overlapping.</summary>
public sealed class AccountLockTests
{
    [Fact]
    public async Task Work_on_one_account_never_overlaps_and_no_lock_outlives_its_users()
    {
        await using var harness = new PipelineHarness(new RecordingTransport());
        var poller = harness.Get<AccountPoller>();
        var inside = new ConcurrentDictionary<string, int>();
        var mostAtOnce = new ConcurrentDictionary<string, int>();

        // 20 usernames (as /snap of whatever anyone types brings), 8 pieces of work on each, all at once.
        var work = Enumerable.Range(0, 20).SelectMany(user => Enumerable.Range(0, 8).Select(_ =>
            poller.ExclusiveAsync(Platform.Snapchat, $"user_{user}", async () =>
            {
                var now = inside.AddOrUpdate($"user_{user}", 1, (_, n) => n + 1);
                mostAtOnce.AddOrUpdate($"user_{user}", now, (_, n) => Math.Max(n, now));
                await Task.Delay(2);
                inside.AddOrUpdate($"user_{user}", 0, (_, n) => n - 1);
                return 0;
            }, CancellationToken.None)));
        await Task.WhenAll(work).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(20, mostAtOnce.Count);
        Assert.All(mostAtOnce.Values, most => Assert.Equal(1, most));
        Assert.Equal(0, poller.LockedAccounts);            // no entry left behind for any of them
    }
}
