using System.Text;
using StoryBot.Tests.Fakes.Instagram;
using StoryBot.Tests.Fakes.Media;
using StoryBot.Tests.Fakes.Telegram;

namespace StoryBot.Bot.Tests;

/// <summary>
/// Instagram as it behaves in 2026 (issue #11), end to end through the real host: web_profile_info 429s by default,
/// ids are kept in the database, renamed accounts keep arriving, every pasted link form, the new error forms, and a
/// session replaced while the bot runs.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class InstagramLookupTests : IAsyncLifetime
{
    private const long Admin = 9101;
    private const string ProfileInfo = "/api/v1/users/web_profile_info/";
    private const string TopSearch = "/web/search/topsearch/";
    private const string ReelsMedia = "/api/v1/feed/reels_media/";
    private readonly string _secrets = Directory.CreateTempSubdirectory("storybot-secret-").FullName;
    private BotHarness _bot = null!;
    private string _jpeg = null!;

    private string SessionFile => Path.Combine(_secrets, "instagram_session");

    public async Task InitializeAsync()
    {
        _jpeg = await TestMedia.JpegAsync(720, 1280);
        _bot = await BotHarness.StartAsync(new Dictionary<string, string?> { ["Telegram:AdminUserIds:0"] = Admin.ToString() });
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        Directory.Delete(_secrets, recursive: true);
    }

    private IgItem Photo(long takenAt) =>
        new(IgIds.Pk(), 1, takenAt, [new IgVersion(720, 1280, _bot.Cdn.AddInstagramPhoto(_jpeg))], []);

    private static long Recent(int minutesAgo) => DateTimeOffset.UtcNow.AddMinutes(-minutesAgo).ToUnixTimeSeconds();

    private int Lookups => _bot.Instagram.RequestCount(ProfileInfo) + _bot.Instagram.RequestCount(TopSearch) +
                           _bot.Instagram.Requests.Count(r => r.Path.Count(c => c == '/') == 2 && !r.Path.StartsWith("/api/", StringComparison.Ordinal));

    [Fact]
    public async Task Insta_and_subscribe_work_while_web_profile_info_only_answers_429()
    {
        _bot.Instagram.SetUser(new IgUser("river.lane") { FullName = "River Lane", Story = [Photo(Recent(30))] });
        _bot.Instagram.SetUser(new IgUser("harbor.view") { Story = [Photo(Recent(20)), Photo(Recent(10))] });

        var insta = await _bot.SendAsync(1100, "/insta river.lane", m => m.Any(x => x.Kind == "photo"));
        Assert.StartsWith("river.lane (River Lane) · Instagram story", insta.Single(m => m.Kind == "photo").Caption);

        var subscribed = await _bot.SendAsync(1101, "/subscribe insta harbor.view", m => m.Count(x => x.Kind == "photo") >= 2);
        Assert.StartsWith("Following harbor.view on Instagram", subscribed[0].Text);

        // Every web_profile_info call was a 429, and it never held up the stories.
        Assert.Contains(_bot.Instagram.Requests, r => r.Path == ProfileInfo);
        Assert.All(_bot.Instagram.Requests.Where(r => r.Path == ProfileInfo), r => Assert.Equal(429, r.StatusCode));
        Assert.All(_bot.Instagram.Requests.Where(r => r.Path == ReelsMedia), r => Assert.Equal(200, r.StatusCode));
        Assert.Equal(2, _bot.Instagram.RequestCount(TopSearch));
    }

    [Fact]
    public async Task After_a_restart_known_accounts_need_no_lookup()
    {
        var first = Photo(Recent(30));
        _bot.Instagram.SetUser(new IgUser("river.lane") { Story = [first] });
        await _bot.SendAsync(1102, "/subscribe insta river.lane", m => m.Any(x => x.Kind == "photo"));
        await _bot.SendAsync(1103, "/insta river.lane", m => m.Any(x => x.Kind == "photo"));

        await _bot.RestartAsync();
        _bot.Instagram.ClearRequests();
        _bot.Instagram.SetUser(new IgUser("river.lane") { Story = [first, Photo(Recent(5))] });

        var fresh = await _bot.SendAsync(1102, "/poll", m => m.Any(x => x.Kind == "photo"));
        Assert.Single(fresh, m => m.Kind == "photo");
        await _bot.SendAsync(1103, "/insta river.lane", m => m.Count(x => x.Kind == "photo") >= 2);

        Assert.Equal(0, Lookups);
        Assert.Equal([ReelsMedia, ReelsMedia], _bot.Instagram.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task A_renamed_account_keeps_arriving_under_its_new_name()
    {
        var id = IgIds.UserIdFor("river.lane");
        var first = Photo(Recent(30));
        _bot.Instagram.SetUser(new IgUser("river.lane") { Story = [first] });
        await _bot.SendAsync(1104, "/subscribe insta river.lane", m => m.Any(x => x.Kind == "photo"));

        // Same id, new name; the old name now belongs to nobody (a lookup of it would 404).
        _bot.Instagram.RemoveUser("river.lane");
        _bot.Instagram.SetUser(new IgUser("river.films") { Id = id, FullName = "River Films", Story = [first, Photo(Recent(5))] });

        var fresh = await _bot.SendAsync(1104, "/poll", m => m.Any(x => x.Kind == "photo"));
        var photo = Assert.Single(fresh, m => m.Kind == "photo");   // only the new item: the first is not sent again
        Assert.StartsWith("river.films (River Films) · Instagram story", photo.Caption);

        var list = await _bot.AskAsync(1104, "/subscriptions");
        Assert.Contains("Instagram river.films", list);
        Assert.DoesNotContain("river.lane", list);
        Assert.Contains("This chat does not follow", await _bot.AskAsync(1104, "/unsubscribe insta river.lane"));
        Assert.StartsWith("Stopped following river.films", await _bot.AskAsync(1104, "/unsubscribe insta river.films"));
    }

    [Fact]
    public async Task Every_link_form_brings_what_it_names()
    {
        var story = new[] { Photo(Recent(30)), Photo(Recent(20)), Photo(Recent(10)) };
        var tokyo = new IgHighlight(IgIds.HighlightId(), "Tokyo", [Photo(1_700_000_000), Photo(1_700_000_100)]);
        var lisbon = new IgHighlight(IgIds.HighlightId(), "Lisbon", [Photo(1_710_000_000)]);
        _bot.Instagram.SetUser(new IgUser("river.lane") { FullName = "River Lane", Story = story, Highlights = [tokyo, lisbon] });
        var id = IgIds.UserIdFor("river.lane");

        var byId = await _bot.SendAsync(1105, $"/insta id:{id}", m => m.Count(x => x.Kind == "photo") >= 3);
        Assert.StartsWith("river.lane (River Lane)", byId[0].Caption);
        Assert.Equal(0, Lookups);   // an id needs no lookup

        var storyLink = await _bot.SendAsync(1106, "/insta https://www.instagram.com/stories/river.lane/?igsh=abc", m => m.Count(x => x.Kind == "photo") >= 3);
        Assert.Equal(3, storyLink.Count(m => m.Kind == "photo"));

        // One item: that item alone.
        _bot.Telegram.InjectMessage(1107, $"https://www.instagram.com/stories/river.lane/{story[1].Pk}/?utm_source=ig_story_item_share", 42, "private");
        await _bot.Telegram.WaitForMessagesAsync(1107, m => m.Any(x => x.Kind == "photo"), TimeSpan.FromSeconds(30));
        await Task.Delay(500);
        Assert.Single(_bot.Telegram.MessagesTo(1107), m => m.Kind == "photo");

        var highlight = await _bot.SendAsync(1108, $"/insta instagram.com/stories/highlights/{tokyo.Id}/", m => m.Count(x => x.Kind == "photo") >= 2);
        Assert.All(highlight.Where(m => m.Caption is not null), m => Assert.Contains("highlight “Tokyo”", m.Caption));

        var share = Convert.ToBase64String(Encoding.ASCII.GetBytes("highlight:" + lisbon.Id)).TrimEnd('=');
        var shared = await _bot.SendAsync(1109, $"/insta https://www.instagram.com/s/{share}?story_media_id={lisbon.Items[0].Pk}_{id}&igsh=x", m => m.Any(x => x.Kind == "photo"));
        Assert.Contains("highlight “Lisbon”", shared.Single(m => m.Kind == "photo").Caption);
        Assert.Equal(0, _bot.Instagram.RequestCount("/api/v1/highlights/"));   // one highlight: straight to reels_media

        var expired = await _bot.AskAsync(1110, "/insta https://www.instagram.com/stories/river.lane/3760000000000000001/");
        Assert.Contains("story item from river.lane is no longer there", expired);
    }

    [Theory]
    [InlineData("/insta id:12a4")]
    [InlineData("/insta instagram.com/stories/highlights/tokyo/")]
    [InlineData("/insta instagram.com/stories/river.lane/not-a-number/")]
    [InlineData("/insta https://www.instagram.com/s/bm90LWEtaGlnaGxpZ2h0")]
    [InlineData("/insta https://evil.example/stories/highlights/1790/")]
    [InlineData("/subscribe insta instagram.com/stories/highlights/17900000000000001/")]
    public async Task Malformed_references_never_reach_instagram(string command)
    {
        var reply = await _bot.AskAsync(1111, command);
        Assert.Contains("is not an Instagram username", reply);
        Assert.Empty(_bot.Instagram.Requests);
    }

    [Theory]
    [InlineData(IgScenario.NoReelsKey200, "Instagram session expired")]
    [InlineData(IgScenario.HomeRedirect302, "Instagram session expired")]
    [InlineData(IgScenario.AuthPlatform302, "confirm a login")]
    public async Task Each_new_error_form_gets_its_reply_and_the_admins_are_told(IgScenario scenario, string expected)
    {
        _bot.Instagram.SetUser(new IgUser("river.lane") { Story = [Photo(Recent(30))] });
        _bot.Instagram.SetScenario(scenario, route: IgRoute.ReelsMedia);

        Assert.Contains(expected, await _bot.AskAsync(1112, "/insta river.lane"));
        var alert = await _bot.Telegram.WaitForMessagesAsync(Admin, m => m.Count >= 1, TimeSpan.FromSeconds(10));
        Assert.Contains("Instagram:SessionId", alert[0].Text);

        // The gate stays closed for that session: the next /insta asks nothing.
        var requests = _bot.Instagram.Requests.Count;
        Assert.Contains(expected, await _bot.AskAsync(1113, "/insta river.lane"));
        Assert.Equal(requests, _bot.Instagram.Requests.Count);
    }

    [Fact]
    public async Task A_session_file_replaced_while_running_reopens_a_checkpointed_gate()
    {
        await _bot.StopAsync();
        await File.WriteAllTextAsync(SessionFile, _bot.Instagram.ValidSessionId + "\n");
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Telegram:AdminUserIds:0"] = Admin.ToString(),
            ["Instagram:SessionId"] = "",
            ["Instagram:SessionIdFile"] = SessionFile,
        });
        bot.Instagram.ValidSessionId = _bot.Instagram.ValidSessionId;
        bot.Instagram.SetUser(new IgUser("river.lane") { Story = [new IgItem(IgIds.Pk(), 1, Recent(30), [new IgVersion(720, 1280, bot.Cdn.AddInstagramPhoto(_jpeg))], [])] });
        bot.Instagram.SetScenario(IgScenario.Checkpoint400, route: IgRoute.ReelsMedia);

        Assert.Contains("confirm a login", await bot.AskAsync(1114, "/insta river.lane"));
        Assert.Contains("Instagram:SessionIdFile", (await bot.Telegram.WaitForMessagesAsync(Admin, m => m.Count >= 1, TimeSpan.FromSeconds(10)))[0].Text);
        Assert.Contains("checkpoint", await bot.AskAsync(Admin, "/status", fromUserId: Admin));

        // The owner passes the check and drops a new session into the file; no restart.
        bot.Instagram.ClearScenarios();
        var fresh = "48213377901%3AFreshSession42%3A07%3AAYfresh";
        bot.Instagram.ValidSessionId = fresh;
        await File.WriteAllTextAsync(SessionFile, fresh);
        var told = await bot.Telegram.WaitForMessagesAsync(Admin, m => m.Any(x => x.Text?.Contains("picked up") == true), TimeSpan.FromSeconds(15));
        Assert.Contains("Instagram:SessionIdFile", told.Last().Text);

        var story = await bot.SendAsync(1115, "/insta river.lane", m => m.Any(x => x.Kind == "photo"));
        Assert.Single(story, m => m.Kind == "photo");
        Assert.Equal(fresh, bot.Instagram.Requests[^1].Cookies["sessionid"]);

        var status = await bot.AskAsync(Admin, "/status", fromUserId: Admin);
        Assert.Contains("Instagram session: set, since", status);
        Assert.Contains("(Instagram:SessionIdFile), ok", status);

        await bot.StopAsync();
        foreach (var secret in new[] { fresh, Uri.UnescapeDataString(fresh), _bot.Instagram.ValidSessionId })
        {
            Assert.DoesNotContain(bot.Logs, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(bot.Telegram.Calls.SelectMany(c => c.Fields.Values), value => value.Contains(secret, StringComparison.Ordinal));
        }
    }
}
