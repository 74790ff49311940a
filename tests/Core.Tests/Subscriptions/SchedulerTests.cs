using Microsoft.Extensions.Time.Testing;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;
using StoryBot.Core.Subscriptions;
using StoryBot.Core.Tests.Pipeline;
using StoryBot.Tests.Fakes.Cdn;
using StoryBot.Tests.Fakes.Media;
using StoryBot.Tests.Fakes.Snapchat;

namespace StoryBot.Core.Tests.Subscriptions;

/// <summary>The scheduler on a fake clock, polling the fake Snapchat site through the real poller and pipeline.</summary>
[Collection(FfmpegCollection.Name)]
public sealed class SchedulerTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(20);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2025-11-05T12:00:00Z"));
    private readonly RecordingTransport _delivery = new();
    private FakeSnapchatSite _site = null!;
    private FakeCdn _cdn = null!;
    private PipelineHarness _harness = null!;
    private SubscriptionScheduler _scheduler = null!;

    public async Task InitializeAsync()
    {
        _site = await FakeSnapchatSite.StartAsync();
        _cdn = await FakeCdn.StartAsync();
        _harness = await new PipelineHarness(_delivery, new Dictionary<string, string?>
        {
            ["Snapchat:BaseUrl"] = _site.BaseUrl,
            ["Schedule:Snapchat:Interval"] = "00:20:00",
        }, _time).StartAsync();
        _scheduler = _harness.Get<SubscriptionScheduler>();
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _cdn.DisposeAsync();
        await _site.DisposeAsync();
    }

    private async Task PublicAsync(string username, int snaps = 1)
    {
        var jpeg = await TestMedia.JpegAsync(320, 568);
        _site.SetProfile(new SnapProfile(username)
        {
            Snaps = Enumerable.Range(0, snaps).Select(i => new FakeSnap(SnapIds.Story(username, i), 0, _cdn.AddPhoto(jpeg), _time.GetUtcNow().ToUnixTimeSeconds() - 60 + i)).ToList(),
        });
    }

    private void Follow(long chatId, string username) =>
        _harness.Get<SubscriptionStore>().Add(chatId, Platform.Snapchat, username, 42, 50);

    private int Fetches(string username) => _site.Requests.Count(r => r.PathAndQuery.Contains($"/{username}/"));

    /// <summary>Moves the clock and lets the scheduler run whatever became due.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        _time.Advance(by);
        _scheduler.StartDuePolls();
        await _scheduler.WhenIdleAsync();
    }

    [Fact]
    public async Task Accounts_are_spread_over_the_interval_and_each_polled_once_per_interval()
    {
        foreach (var user in new[] { "acct_a", "acct_b", "acct_c" })
        {
            await PublicAsync(user);
            Follow(1, user);
        }

        await AdvanceAsync(TimeSpan.Zero);                  // first sight: each gets a slot, nobody is polled yet
        Assert.Empty(_site.Requests);

        var firstPoll = new Dictionary<string, int>();
        for (var minute = 1; minute <= 20; minute++)
        {
            await AdvanceAsync(TimeSpan.FromMinutes(1));
            foreach (var user in new[] { "acct_a", "acct_b", "acct_c" })
                if (Fetches(user) == 1 && !firstPoll.ContainsKey(user))
                    firstPoll[user] = minute;
        }

        // 20 min / 4 → 5, 10, 15: spread, not a burst.
        Assert.Equal([5, 10, 15], firstPoll.Values.Order());

        // Then once per interval (±10 % jitter): 18 to 22 minutes after each first poll (5, 10, 15), so by
        // minute 40 each has been polled exactly twice.
        for (var minute = 21; minute <= 40; minute++)
            await AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.All(new[] { "acct_a", "acct_b", "acct_c" }, user => Assert.Equal(2, Fetches(user)));

        // The story went to the chat once, however often it was polled.
        Assert.Equal(3, _delivery.AlbumsTo(1).Count);
    }

    [Fact]
    public async Task A_failing_account_backs_off_while_the_others_keep_their_pace()
    {
        await PublicAsync("healthy");
        _site.SetProfile(new SnapProfile("troubled"));
        _site.SetPage("troubled", SnapPage.Blocked403);
        Follow(1, "healthy");
        Follow(1, "troubled");

        await AdvanceAsync(TimeSpan.Zero);
        var checks = new List<int>();
        for (var minute = 1; minute <= 200; minute++)
        {
            var before = Fetches("troubled");
            await AdvanceAsync(TimeSpan.FromMinutes(1));
            if (Fetches("troubled") > before)
                checks.Add(minute);
        }

        // First try at 13 (2/3 of 20, after "healthy" at 6), then 40, 80, 160 minutes later.
        Assert.True(checks.Count == 3, $"troubled was checked at minutes {string.Join(", ", checks)}; log:\n{string.Join('\n', _harness.Logs.Lines.Where(l => l.Contains("troubled")))}");
        Assert.Equal(40, checks[1] - checks[0]);
        Assert.Equal(80, checks[2] - checks[1]);
        Assert.InRange(Fetches("healthy"), 9, 11);          // every ~20 minutes for 200 minutes
        var state = _harness.Get<AccountStateStore>().Find(Platform.Snapchat, "troubled")!;
        Assert.Equal(3, state.FailureStreak);
    }

    [Fact]
    public async Task An_unreadable_database_skips_the_poll_and_sends_nothing()
    {
        await PublicAsync("acct_a", snaps: 3);
        Follow(1, "acct_a");
        var poller = _harness.Get<AccountPoller>();

        _harness.Get<StoryDatabase>().Dispose();           // storage gone: every read throws
        var result = await poller.PollAsync(Platform.Snapchat, "acct_a", null, CancellationToken.None);

        Assert.Equal(PollSkip.StorageError, result.SkippedBecause);
        Assert.Empty(_delivery.Albums);
        Assert.Empty(_site.Requests);
    }

    [Fact]
    public async Task An_account_nobody_follows_any_more_loses_its_state_and_is_never_polled_again()
    {
        await PublicAsync("gone_one");
        Follow(1, "gone_one");
        await AdvanceAsync(TimeSpan.Zero);
        var states = _harness.Get<AccountStateStore>();
        Assert.NotNull(states.Find(Platform.Snapchat, "gone_one"));

        _harness.Get<SubscriptionStore>().Remove(1, Platform.Snapchat, "gone_one");
        await AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Null(states.Find(Platform.Snapchat, "gone_one"));
        Assert.Null(_scheduler.NextPoll(Platform.Snapchat));                       // /status no longer shows "now" for it
        for (var minute = 0; minute < 60; minute++)
            await AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(0, Fetches("gone_one"));
    }

    [Fact]
    public async Task The_poll_of_a_subscribe_counts_as_the_accounts_check()
    {
        await PublicAsync("fresh_one");
        Follow(1, "fresh_one");
        await _harness.Get<AccountPoller>().PollAsync(Platform.Snapchat, "fresh_one", onlyChat: 1, CancellationToken.None);   // as /subscribe does
        Assert.Equal(1, Fetches("fresh_one"));

        var next = new List<int>();
        for (var minute = 1; minute <= 25; minute++)
        {
            var before = Fetches("fresh_one");
            await AdvanceAsync(TimeSpan.FromMinutes(1));
            if (Fetches("fresh_one") > before)
                next.Add(minute);
        }

        // Not again at the next tick: the next check is an interval (20 min) after the subscribe's.
        Assert.Equal([20], next);
    }

    [Fact]
    public async Task A_database_that_fails_is_told_to_the_operators_once_however_many_ticks_meet_it()
    {
        await PublicAsync("acct_a");
        Follow(1, "acct_a");
        await AdvanceAsync(TimeSpan.Zero);

        _harness.Get<StoryDatabase>().Dispose();                                     // every read now throws
        for (var tick = 0; tick < 5; tick++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            _scheduler.Tick();
        }

        var alert = Assert.Single(_harness.Logs.Lines, line => line.Contains("Operator alert"));
        Assert.Contains("can't read my database", alert);
    }
}
