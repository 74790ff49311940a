using StoryBot.Tests.Fakes.Instagram;
using StoryBot.Tests.Fakes.Media;
using StoryBot.Tests.Fakes.Telegram;

namespace StoryBot.Bot.Tests;

/// <summary>/insta end to end against the fake Instagram web API, its signed CDN URLs and the fake Telegram.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class InstaCommandTests : IAsyncLifetime
{
    private const long Admin = 9001;
    private BotHarness _bot = null!;

    public async Task InitializeAsync() =>
        _bot = await BotHarness.StartAsync(new Dictionary<string, string?> { ["Telegram:AdminUserIds:0"] = Admin.ToString() });

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    /// <summary>URLs that must never be fetched: smaller versions and video posters.</summary>
    private readonly List<string> _notWanted = [];

    private async Task<IgItem> PhotoAsync(long takenAt, string? file = null)
    {
        var url = _bot.Cdn.AddInstagramPhoto(file ?? await TestMedia.JpegAsync(1080, 1920));
        var small = _bot.Cdn.AddInstagramPhoto(await TestMedia.JpegAsync(640, 1138));
        _notWanted.Add(small);
        return new IgItem(IgIds.Pk(), 1, takenAt, [new IgVersion(640, 1138, small), new IgVersion(1080, 1920, url)], []);
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    private async Task<IgItem> VideoAsync(long takenAt, string file, int width, int height)
    {
        var url = _bot.Cdn.AddInstagramVideo(file);
        var low = _bot.Cdn.AddInstagramVideo(await TestMedia.H264Mp4Async(width / 2, height / 2, 3));
        var poster = _bot.Cdn.AddInstagramPhoto(await TestMedia.JpegAsync(width, height));
        _notWanted.Add(low);
        return new IgItem(IgIds.Pk(), 2, takenAt, [new IgVersion(width, height, poster)],
            [new IgVersion(width / 2, height / 2, low, 102), new IgVersion(width, height, url, 101)], 3);
    }

    [Fact]
    public async Task Insta_delivers_the_story_as_one_album_with_every_video_playable()
    {
        var vp9 = await TestMedia.Vp9WebmAsync(720, 1280, 3);
        var webp = Path.Combine(Directory.CreateTempSubdirectory("storybot-webp-").FullName, "photo.webp");
        var made = await StoryBot.Core.Media.Processing.ProcessRunner.RunAsync("ffmpeg",
            ["-v", "error", "-f", "lavfi", "-i", "testsrc=size=1080x1920", "-frames:v", "1", webp], TimeSpan.FromSeconds(60), CancellationToken.None);
        Assert.Equal(0, made.ExitCode);
        var story = new[]
        {
            await PhotoAsync(1_762_300_800),
            await VideoAsync(1_762_304_400, await TestMedia.H264Mp4Async(720, 1280, 3, faststart: false), 720, 1280),
            await VideoAsync(1_762_304_500, vp9, 720, 1280),
            await PhotoAsync(1_762_304_600, webp),
        };
        var webpBytes = await File.ReadAllBytesAsync(webp);
        _bot.Instagram.SetUser(new IgUser("river.lane") { FullName = "River Lane", Story = story });

        var messages = await _bot.SendAsync(700, "/insta https://www.instagram.com/river.lane/", m => m.Count >= 4);

        Assert.Equal(["photo", "video", "video", "photo"], messages.Select(m => m.Kind));
        Assert.Single(messages.Select(m => m.MediaGroupId).Distinct());
        Assert.Equal("river.lane (River Lane) · Instagram story · 5 Nov 2025", messages[0].Caption);
        foreach (var video in messages.Where(m => m.Kind == "video"))
        {
            var probe = await Ffprobe.ProbeAsync(video.Upload!.SavedPath);
            Assert.Equal(("h264", "yuv420p"), (probe.VideoCodec, probe.PixelFormat));
            Assert.True(probe.MoovBeforeMdat);
            Assert.Equal((720, 1280, 3), (video.Width, video.Height, video.Duration));
            Assert.NotNull(video.Thumbnail);
            // Instagram's own poster (the video's image_versions2) is its cover, byte for byte.
            Assert.Equal(Sha256(await TestMedia.JpegAsync(720, 1280)), video.Cover?.Sha256Hex);
        }

        // The WebP arrived as a JPEG; the best (largest) versions were the ones fetched, untouched URLs and all.
        Assert.NotEqual(webpBytes.Length, messages[3].Upload!.Length);
        Assert.Equal((byte)0xFF, File.ReadAllBytes(messages[3].Upload!.SavedPath)[0]);
        Assert.All(_notWanted, url => Assert.Equal(0, _bot.Cdn.RequestCount(url)));
        Assert.Equal(1, _bot.Instagram.RequestCount("/api/v1/feed/reels_media/"));
        Assert.Empty(await _bot.LeftoverFilesAsync());
        Directory.Delete(Path.GetDirectoryName(webp)!, recursive: true);
    }

    [Fact]
    public async Task Highlights_arrive_one_titled_album_per_highlight()
    {
        _bot.Instagram.SetUser(new IgUser("river.lane")
        {
            Highlights =
            [
                new IgHighlight(IgIds.HighlightId(), "Tokyo", [await PhotoAsync(1_700_000_000), await PhotoAsync(1_700_000_100)]),
                new IgHighlight(IgIds.HighlightId(), "Lisbon", [await PhotoAsync(1_710_000_000)]),
            ],
        });

        // Two albums: a progress message comes first; the albums are what counts here.
        var messages = (await _bot.SendAsync(701, "/insta river.lane highlights", m => m.Count(x => x.Kind != "text") >= 3)).Where(m => m.Kind != "text").ToList();

        Assert.Contains("highlight “Tokyo”", messages[0].Caption);
        Assert.Equal(messages[0].MediaGroupId, messages[1].MediaGroupId);
        Assert.Contains("highlight “Lisbon”", messages[2].Caption);
    }

    [Theory]
    [InlineData("/insta", "Usage: /insta")]
    [InlineData("/insta river-lane", "is not an Instagram username")]
    [InlineData("/insta river.lane spotlight", "choose stories or highlights")]
    [InlineData("/insta https://www.instagram.com/p/Cx1abc/", "is not an Instagram username")]
    public async Task Bad_input_never_reaches_instagram(string command, string expected)
    {
        Assert.Contains(expected, await _bot.AskAsync(702, command));
        Assert.Empty(_bot.Instagram.Requests);
    }

    [Fact]
    public async Task Every_account_state_gets_its_own_answer()
    {
        _bot.Instagram.SetUser(new IgUser("closed.door") { IsPrivate = true, Story = [await PhotoAsync(1_762_300_800)] });
        _bot.Instagram.SetUser(new IgUser("quiet.day"));
        _bot.Instagram.SetUser(new IgUser("gone.user") { Unavailable = true });
        _bot.Instagram.ProfileInfoRateLimited = false;   // user: null is only web_profile_info's to say

        Assert.Equal("I couldn't find an Instagram account called nobody.here.", await _bot.AskAsync(703, "/insta nobody.here"));
        Assert.Equal("Instagram won't show gone.user to the bot: the account is age-restricted or limited, or it blocked the bot's account.",
            await _bot.AskAsync(703, "/insta gone.user"));
        Assert.Contains("closed.door is a private Instagram account", await _bot.AskAsync(703, "/insta closed.door"));
        Assert.Contains("quiet.day has no story right now.", await _bot.AskAsync(703, "/insta quiet.day"));
    }

    [Fact]
    public async Task A_rate_limit_is_answered_and_the_next_insta_makes_no_request()
    {
        _bot.Instagram.SetUser(new IgUser("river.lane") { Story = [await PhotoAsync(1_762_300_800)] });
        _bot.Instagram.SetScenario(IgScenario.RateLimited401);

        Assert.Contains("try again later (in about 5 minutes)", await _bot.AskAsync(704, "/insta river.lane"));
        var requests = _bot.Instagram.Requests.Count;
        Assert.Contains("try again later", await _bot.AskAsync(705, "/insta river.lane"));
        Assert.Equal(requests, _bot.Instagram.Requests.Count);
    }

    [Fact]
    public async Task A_checkpoint_tells_the_admins_once_and_stops_instagram()
    {
        _bot.Instagram.SetUser(new IgUser("river.lane") { Story = [await PhotoAsync(1_762_300_800)] });
        _bot.Instagram.SetScenario(IgScenario.Checkpoint400);

        Assert.Contains("confirm a login", await _bot.AskAsync(706, "/insta river.lane"));
        Assert.Contains("confirm a login", await _bot.AskAsync(707, "/insta river.lane"));

        var alert = Assert.Single(_bot.Telegram.MessagesTo(Admin));
        Assert.Contains("Instagram:SessionId", alert.Text);
        Assert.Equal(1, _bot.Instagram.Requests.Count(r => r.StatusCode == 400));
    }

    [Fact]
    public async Task An_expired_session_gets_a_plain_answer_and_the_secret_stays_out_of_the_logs()
    {
        _bot.Instagram.SetUser(new IgUser("river.lane") { Story = [await PhotoAsync(1_762_300_800)] });
        _bot.Instagram.SetScenario(IgScenario.LoginRedirect302);

        Assert.Contains("Instagram session expired", await _bot.AskAsync(708, "/insta river.lane"));
        await _bot.StopAsync();

        var session = _bot.Instagram.ValidSessionId;
        Assert.DoesNotContain(_bot.Logs, line => line.Contains(session) || line.Contains(Uri.UnescapeDataString(session)));
        Assert.DoesNotContain(_bot.Telegram.Calls.SelectMany(c => c.Fields.Values), value => value.Contains(session));
    }

    [Fact]
    public async Task Without_a_session_the_reply_says_how_to_set_one()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?> { ["Instagram:SessionId"] = "" });
        var reply = await bot.AskAsync(709, "/insta river.lane");
        Assert.Contains("Instagram:SessionId", reply);
        Assert.Empty(bot.Instagram.Requests);
    }
}
