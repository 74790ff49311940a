using StoryBot.Tests.Fakes.Media;
using StoryBot.Tests.Fakes.Snapchat;

namespace StoryBot.Bot.Tests;

/// <summary>
/// The Snapchat links people paste in 2026 (docs/snapchat-web.md §11), end to end: short links on both hosts, spotlight
/// pages, a profile without its <c>$case</c> tag, and a highlights page that is full.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SnapLinkTests : IAsyncLifetime
{
    private const string ShortLinkReply = "I can't open that Snapchat short link.";

    private BotHarness _bot = null!;

    public async Task InitializeAsync() => _bot = await BotHarness.StartAsync();

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private async Task<FakeSnap> StorySnapAsync(string user, int index)
    {
        var jpeg = await TestMedia.JpegAsync(320, 568);
        return new FakeSnap(SnapIds.Story(user, index), 0, _bot.Cdn.AddPhoto(jpeg), 1_762_300_000 + index);
    }

    [Fact]
    public async Task A_t_snapchat_com_link_is_one_unfollowed_request_and_brings_the_profile_it_leads_to()
    {
        var snap = await StorySnapAsync("coastal_ivy", 0);
        _bot.Snapchat.SetProfile(new SnapProfile("coastal_ivy") { Title = "Ivy", Snaps = [snap] });
        // What the Share button's link answers: a 303 to one snap of the profile, with tracking parameters.
        _bot.SnapchatShortLinks.Add("Ab3dEf9", $"https://www.snapchat.com/add/coastal_ivy/{snap.SnapId}?share_id=Zx1&sid=9c2e", 303);

        var messages = await _bot.SendAsync(500, "/snap https://t.snapchat.com/Ab3dEf9", m => m.Count >= 1);

        var photo = Assert.Single(messages);
        Assert.Equal("photo", photo.Kind);
        Assert.StartsWith("coastal_ivy (Ivy) · Snapchat story", photo.Caption);
        var resolve = Assert.Single(_bot.SnapchatShortLinks.Requests);
        Assert.Equal(("/Ab3dEf9", 303), (resolve.PathAndQuery, resolve.StatusCode));
        Assert.Contains("Mozilla/", resolve.UserAgent);
        // Only the Location's path was used, and it was read from the configured site as a pasted profile link is.
        Assert.Equal(["/add/coastal_ivy/"], _bot.Snapchat.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task A_snapchat_com_t_link_pasted_alone_is_resolved_at_the_site_and_its_redirect_is_not_followed()
    {
        var snap = await StorySnapAsync("wolftyla", 0);
        _bot.Snapchat.SetProfile(new SnapProfile("wolftyla") { Snaps = [snap] });
        // The redirect points at the (stand-in) site itself: had the bot followed it, the site would have seen it.
        _bot.Snapchat.AddShortLink("Q7x_-2", $"{_bot.Snapchat.BaseUrl}/add/wolftyla/{snap.SnapId}?share_id=1", 302);

        var messages = await _bot.SendAsync(501, "https://www.snapchat.com/t/Q7x_-2", m => m.Count >= 1);

        Assert.Equal("photo", Assert.Single(messages).Kind);
        Assert.Equal(["/t/Q7x_-2", "/add/wolftyla/"], _bot.Snapchat.Requests.Select(r => r.PathAndQuery));
        Assert.Equal(302, _bot.Snapchat.Requests[0].StatusCode);
        Assert.Empty(_bot.SnapchatShortLinks.Requests);
    }

    [Fact]
    public async Task A_spotlight_link_brings_that_spotlight_from_its_page_even_past_the_twenty_the_profile_shows()
    {
        var video = await TestMedia.H264Mp4Async(320, 568, 2);
        var spotlights = Enumerable.Range(0, 22)
            .Select(i => new FakeSnap(SnapIds.Spotlight("reel_maker", i), 1, _bot.Cdn.AddVideo(video), 1_722_720_000 + i))
            .ToList();
        _bot.Snapchat.SetProfile(new SnapProfile("reel_maker") { Spotlights = spotlights });
        var asked = spotlights[21];                                   // not on the profile page, which shows 20

        var messages = await _bot.SendAsync(502, $"/snap https://www.snapchat.com/spotlight/{asked.SnapId}", m => m.Count >= 1);

        var sent = Assert.Single(messages);
        Assert.Equal("video", sent.Kind);
        Assert.Equal("reel_maker · Snapchat spotlight · 3 Aug 2024", sent.Caption);
        Assert.Equal(1, _bot.Cdn.RequestCount(asked.MediaUrl!));
        Assert.All(spotlights.Take(21), other => Assert.Equal(0, _bot.Cdn.RequestCount(other.MediaUrl!)));   // not the "up next" ones
        Assert.Equal([$"/spotlight/{asked.SnapId}"], _bot.Snapchat.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task A_short_link_to_a_spotlight_brings_that_spotlight()
    {
        var video = await TestMedia.H264Mp4Async(320, 568, 2);
        var spotlight = new FakeSnap(SnapIds.Spotlight("dance_daily", 0), 1, _bot.Cdn.AddVideo(video), 1_722_720_000);
        _bot.Snapchat.SetProfile(new SnapProfile("dance_daily") { Spotlights = [spotlight] });
        _bot.SnapchatShortLinks.Add("Sp0t", $"https://www.snapchat.com/spotlight/{spotlight.SnapId}?share_id=abc", 301);

        var messages = await _bot.SendAsync(503, "/snap t.snapchat.com/Sp0t", m => m.Count >= 1);

        Assert.Equal("video", Assert.Single(messages).Kind);
        Assert.Contains("dance_daily · Snapchat spotlight", messages[0].Caption);
        Assert.Single(_bot.SnapchatShortLinks.Requests);
        Assert.Equal([$"/spotlight/{spotlight.SnapId}"], _bot.Snapchat.Requests.Select(r => r.PathAndQuery));
    }

    [Theory]
    [InlineData("Evil1", "https://evil.example/add/coastal_ivy/")]                 // not a Snapchat host
    [InlineData("Evil2", "https://snapchat.com.evil.example/add/coastal_ivy/")]    // only looks like one
    [InlineData("Home1", "https://www.snapchat.com/")]                            // an expired code lands on the home page
    [InlineData("Loop1", "https://t.snapchat.com/Loop2")]                         // another short link is not chased
    public async Task A_short_link_that_leads_elsewhere_is_refused_after_its_one_request(string code, string location)
    {
        _bot.Snapchat.SetProfile(new SnapProfile("coastal_ivy") { Snaps = [await StorySnapAsync("coastal_ivy", 0)] });
        _bot.SnapchatShortLinks.Add(code, location);

        var reply = await _bot.AskAsync(504, $"/snap https://t.snapchat.com/{code}");

        Assert.StartsWith(ShortLinkReply, reply);
        Assert.Single(_bot.SnapchatShortLinks.Requests);
        Assert.Empty(_bot.Snapchat.Requests);
    }

    [Theory]
    [InlineData("/snap https://t.snapchat.com/NoSuchCode", ShortLinkReply)]                                        // 404
    [InlineData("/snap https://www.snapchat.com/spotlight/W7_EDlXWTBiXAEEniNoMPwAAYnotthere", "I couldn't find that Snapchat spotlight")]
    public async Task A_short_link_or_spotlight_that_does_not_exist_is_answered(string command, string expected)
    {
        var reply = await _bot.AskAsync(505, command);

        Assert.StartsWith(expected, reply);
        Assert.Equal(1, _bot.SnapchatShortLinks.Requests.Count + _bot.Snapchat.Requests.Count);
    }

    [Fact]
    public async Task A_profile_without_its_case_tag_is_read_by_the_member_it_has()
    {
        _bot.Snapchat.SetProfile(new SnapProfile("no_tag_pub") { OmitCaseTag = true, Snaps = [await StorySnapAsync("no_tag_pub", 0)] });
        _bot.Snapchat.SetProfile(new SnapProfile("no_tag_priv") { OmitCaseTag = true, IsPublic = false });

        var story = await _bot.SendAsync(506, "/snap no_tag_pub", m => m.Any(x => x.Buttons.Count > 0));    // the story, then the offer to follow
        var reply = await _bot.AskAsync(506, "/snap no_tag_priv");

        Assert.Equal("photo", Assert.Single(story, m => m.Buttons.Count == 0).Kind);
        Assert.Contains("no_tag_priv is a private Snapchat account", reply);
    }

    [Fact]
    public async Task A_full_highlights_page_is_said_after_the_highlights_and_a_short_one_is_not()
    {
        var jpeg = await TestMedia.JpegAsync(320, 568);
        FakeHighlight Highlight(string user, int i) =>
            new(SnapIds.Highlight(user, i), $"Trip {i}", [new FakeSnap("", 0, _bot.Cdn.AddPhoto(jpeg), 1_698_400_000 + i)]);
        _bot.Snapchat.SetProfile(new SnapProfile("globetrotter") { Highlights = Enumerable.Range(0, 24).Select(i => Highlight("globetrotter", i)).ToList() });
        _bot.Snapchat.SetProfile(new SnapProfile("homebody") { Highlights = Enumerable.Range(0, 2).Select(i => Highlight("homebody", i)).ToList() });

        // Each request: a progress message, its albums, then (the full page) the note, and last the offer to follow.
        var full = await _bot.SendAsync(507, "/snap globetrotter highlights", m => m.Any(x => x.Buttons.Count > 0), timeout: TimeSpan.FromSeconds(90));
        var few = await _bot.SendAsync(507, "/snap homebody highlights", m => m.Any(x => x.Buttons.Count > 0));
        await _bot.AskAsync(507, "/help");                                             // anything after the highlights has arrived by now

        Assert.Equal(20, full.Count(m => m.Kind == "photo"));                          // the page shows 20 of the 24
        var note = full[^2];                                                               // after the albums, before the offer
        Assert.Equal("photo", full[^3].Kind);
        Assert.Contains("shows at most about 20 highlights", note.Text);
        Assert.Contains("globetrotter", note.Text);
        Assert.Equal(2, few.Count(m => m.Kind == "photo"));
        Assert.DoesNotContain(_bot.Telegram.MessagesTo(507), m => m.Text?.Contains("homebody's is full") == true);
    }

    [Fact]
    public async Task A_spotlight_link_with_a_kind_brings_that_kind_of_its_creators_profile()
    {
        var jpeg = await TestMedia.JpegAsync(320, 568);
        var spotlight = new FakeSnap(SnapIds.Spotlight("trail_runner", 0), 1, _bot.Cdn.AddVideo(await TestMedia.H264Mp4Async(320, 568, 2)), 1_722_720_000);
        _bot.Snapchat.SetProfile(new SnapProfile("trail_runner")
        {
            Spotlights = [spotlight],
            Highlights = [new FakeHighlight(SnapIds.Highlight("trail_runner", 0), "Alps", [new FakeSnap("", 0, _bot.Cdn.AddPhoto(jpeg), 1_698_400_000)])],
        });

        var messages = await _bot.SendAsync(508, $"/snap https://www.snapchat.com/@trail_runner/spotlight/{spotlight.SnapId} highlights", m => m.Count >= 1);

        var photo = Assert.Single(messages);
        Assert.StartsWith("trail_runner (", photo.Caption);
        Assert.Contains("· Snapchat highlight “Alps”", photo.Caption);
        Assert.Equal([$"/spotlight/{spotlight.SnapId}", "/add/trail_runner/"], _bot.Snapchat.Requests.Select(r => r.PathAndQuery));
        Assert.Equal(0, _bot.Cdn.RequestCount(spotlight.MediaUrl!));
    }
}
