using Microsoft.Extensions.DependencyInjection;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;
using StoryBot.Tests.Fakes.Instagram;
using StoryBot.Tests.Fakes.Media;
using StoryBot.Tests.Fakes.Snapchat;

namespace StoryBot.Bot.Tests;

/// <summary>Sites that misbehave mid-answer: a page that stalls after its headers, an API body cut by a reset.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class UpstreamFaultTests
{
    [Fact]
    public async Task Pages_that_stall_after_a_kilobyte_hold_no_fetch_slot_and_are_backed_off()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Snapchat:RequestTimeout"] = "00:00:03",
            ["Schedule:Snapchat:Interval"] = "00:00:02",
            ["Schedule:Tick"] = "00:00:00.200",
        });
        var store = bot.Services.GetRequiredService<SubscriptionStore>();
        var stalled = Enumerable.Range(1, 4).Select(i => $"stalls_{i}").ToList();
        foreach (var user in stalled)
        {
            bot.Snapchat.SetProfile(new SnapProfile(user));
            bot.Snapchat.SetPage(user, SnapPage.StallAfterFirstKilobyte);
            store.Add(830, Platform.Snapchat, user, 42, 50);
        }

        // All four of Snapchat's fetch slots are held by stalled pages…
        await Wait.UntilAsync(() => stalled.All(user => bot.Snapchat.Requests.Any(r => r.PathAndQuery.Contains(user))), TimeSpan.FromSeconds(20));
        var jpeg = await TestMedia.JpegAsync(320, 568);
        bot.Snapchat.SetProfile(new SnapProfile("healthy_one")
        {
            Snaps = [new FakeSnap(SnapIds.Story("healthy_one", 0), 0, bot.Cdn.AddPhoto(jpeg), 1_762_300_000)],
        });

        // …and a /snap still gets its answer: the stalls are given up at the deadline.
        var started = DateTimeOffset.UtcNow;
        await bot.SendAsync(831, "/snap healthy_one", m => m.Any(x => x.Kind == "photo"), timeout: TimeSpan.FromSeconds(45));
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(45));

        await Wait.UntilAsync(() => stalled.All(user => bot.Logs.Any(line => line.Contains($"{user} failed 1 times in a row"))), TimeSpan.FromSeconds(20));
        Assert.Contains(bot.Logs, line => line.Contains("no whole page within 3 s"));
    }

    [Fact]
    public async Task An_instagram_answer_cut_by_a_reset_is_reported_and_the_other_accounts_still_arrive()
    {
        await using var bot = await BotHarness.StartAsync();
        var jpeg = await TestMedia.JpegAsync(1080, 1920);
        bot.Instagram.SetUser(new IgUser("cut.short"));
        bot.Instagram.SetUser(new IgUser("river.lane")
        {
            Story = [new IgItem(IgIds.Pk(), 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600, [new IgVersion(1080, 1920, bot.Cdn.AddInstagramPhoto(jpeg))], [])],
        });
        var store = bot.Services.GetRequiredService<SubscriptionStore>();
        store.Add(840, Platform.Instagram, "cut.short", 42, 50);
        store.Add(840, Platform.Instagram, "river.lane", 42, 50);
        // The story answer is cut (a cut lookup would just move on to the next lookup path).
        bot.Instagram.CutBodies("reel_ids=" + IgIds.UserIdFor("cut.short"));

        var replies = await bot.SendAsync(840, "/poll", m => m.Any(x => x.Kind == "photo") && m.Any(x => x.Kind == "text"));

        Assert.Single(replies, m => m.Kind == "photo");                              // river.lane's story arrived
        Assert.Contains(replies, m => m.Text is { } text && text.Contains("cut.short"));   // the cut one is reported
    }
}
