using System.Security.Cryptography;
using StoryBot.Tests.Fakes.Media;
using StoryBot.Tests.Fakes.Snapchat;
using StoryBot.Tests.Fakes.Telegram;

namespace StoryBot.Bot.Tests;

/// <summary>/snap end to end: the real host, Telegram.Bot long polling, the pipeline and ffmpeg against the fakes.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class SnapCommandTests : IAsyncLifetime
{
    private BotHarness _bot = null!;

    public async Task InitializeAsync() => _bot = await BotHarness.StartAsync();

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public async Task Snap_delivers_the_current_story_as_one_album_oldest_first()
    {
        var jpeg = await TestMedia.JpegAsync(720, 1280);
        var png = await TestMedia.JpegAsync(1080, 1920);
        var h264 = await TestMedia.H264Mp4Async(720, 1280, 3, faststart: false);
        var hevc = await TestMedia.HevcMp4Async(480, 854, 2);
        var photo1 = _bot.Cdn.AddPhoto(jpeg);
        var photo2 = _bot.Cdn.AddPhoto(png);
        var video1 = _bot.Cdn.AddVideo(h264);
        var video2 = _bot.Cdn.AddVideo(hevc);
        // Page order differs from time order, and two snaps share a timestamp: (timestamp, index) decides.
        _bot.Snapchat.SetProfile(new SnapProfile("coastal_ivy")
        {
            Title = "Ivy 🌊",
            Snaps =
            [
                new FakeSnap(SnapIds.Story("coastal_ivy", 0), 1, video1, 1_762_304_400, _bot.Cdn.PreviewUrlFor(video1)),
                new FakeSnap(SnapIds.Story("coastal_ivy", 1), 0, photo1, 1_762_300_800, _bot.Cdn.PreviewUrlFor(photo1)),
                new FakeSnap(SnapIds.Story("coastal_ivy", 2), 1, video2, 1_762_304_400),
                new FakeSnap(SnapIds.Story("coastal_ivy", 3), 0, photo2, 1_762_308_000),
            ],
        });

        var messages = await _bot.SendAsync(100, "/snap coastal_ivy", m => m.Count >= 4);

        Assert.Equal(4, messages.Count);
        Assert.Single(messages.Select(m => m.MediaGroupId).Distinct());
        Assert.NotNull(messages[0].MediaGroupId);
        Assert.Equal(["photo", "video", "video", "photo"], messages.Select(m => m.Kind));
        Assert.Equal(Sha256(jpeg), messages[0].Upload!.Sha256Hex);                // photos go byte-identical
        Assert.Equal(Sha256(png), messages[3].Upload!.Sha256Hex);

        Assert.Equal("coastal_ivy (Ivy 🌊) · Snapchat story · 5 Nov 2025", messages[0].Caption);
        Assert.All(messages.Skip(1), m => Assert.Null(m.Caption));

        foreach (var (message, seconds) in new[] { (messages[1], 3), (messages[2], 2) })
        {
            var probe = await Ffprobe.ProbeAsync(message.Upload!.SavedPath);
            Assert.Equal("h264", probe.VideoCodec);
            Assert.True(probe.MoovBeforeMdat, "faststart");
            Assert.Equal((probe.Width, probe.Height), (message.Width, message.Height));
            Assert.Equal(seconds, message.Duration);
            Assert.InRange(probe.DurationSeconds, seconds - 0.5, seconds + 0.5);
            Assert.True(message.SupportsStreaming);
            Assert.NotNull(message.Thumbnail);                                  // uploaded with the video
            Assert.True(message.Thumbnail.Length < 200_000);
            var thumbnail = await Ffprobe.ProbeAsync(message.Thumbnail.SavedPath);
            Assert.True(thumbnail.Width <= 320 && thumbnail.Height <= 320);
        }

        Assert.Equal((720, 1280), (messages[1].Width, messages[1].Height));
        Assert.Equal((480, 854), (messages[2].Width, messages[2].Height));

        // The media was fetched, never a preview in its place: a photo's preview not at all, a video's once, as
        // its cover. The chat saw an upload action first.
        Assert.Equal(0, _bot.Cdn.RequestCount(_bot.Cdn.PreviewUrlFor(photo1)));
        Assert.Equal(1, _bot.Cdn.RequestCount(_bot.Cdn.PreviewUrlFor(video1)));
        Assert.Contains(_bot.Telegram.Calls, c => c.Method.Equals("sendChatAction", StringComparison.OrdinalIgnoreCase) && c.ChatId == 100 && c.Fields["action"] == "upload_video");
        Assert.Empty(await _bot.LeftoverFilesAsync());
    }

    [Fact]
    public async Task Profile_links_and_group_commands_addressed_to_the_bot_work()
    {
        var jpeg = await TestMedia.JpegAsync(720, 1280);
        _bot.Snapchat.SetProfile(new SnapProfile("wolftyla") { Snaps = [new FakeSnap(SnapIds.Story("wolftyla", 0), 0, _bot.Cdn.AddPhoto(jpeg), 1_762_300_000)] });

        var viaLink = await _bot.SendAsync(101, "/snap https://www.snapchat.com/add/WolfTyla/?share_id=x", m => m.Count >= 1);
        Assert.Equal("photo", Assert.Single(viaLink).Kind);

        var inGroup = await _bot.SendAsync(-1001234567890, $"/snap@{_bot.Telegram.BotUsername} snapchat.com/@wolftyla", m => m.Count >= 1, chatType: "supergroup");
        Assert.Equal("photo", Assert.Single(inGroup).Kind);

        // Commands for another bot are not ours: no reply, no fetch.
        var fetches = _bot.Snapchat.Requests.Count;
        _bot.Telegram.InjectMessage(-1001234567890, "/snap@SomeOtherBot wolftyla", 42, "supergroup");
        await _bot.SendAsync(-1001234567890, "/help", m => m.Count >= 1, chatType: "supergroup");
        Assert.Equal(fetches, _bot.Snapchat.Requests.Count);
        Assert.Single(_bot.Telegram.MessagesTo(-1001234567890).Skip(1));
    }

    [Fact]
    public async Task A_single_item_is_a_plain_photo_and_a_long_story_is_split_into_albums_of_ten()
    {
        var jpeg = await TestMedia.JpegAsync(720, 1280);
        _bot.Snapchat.SetProfile(new SnapProfile("one_snap") { Snaps = [new FakeSnap(SnapIds.Story("one_snap", 0), 0, _bot.Cdn.AddPhoto(jpeg), 1_762_300_000)] });
        var single = Assert.Single(await _bot.SendAsync(102, "/snap one_snap", m => m.Count >= 1));
        Assert.Null(single.MediaGroupId);
        Assert.Contains(_bot.Telegram.Calls, c => c.Method.Equals("sendPhoto", StringComparison.OrdinalIgnoreCase) && c.ChatId == 102);

        var snaps = Enumerable.Range(0, 12).Select(i => new FakeSnap(SnapIds.Story("busy_day", i), 0, _bot.Cdn.AddPhoto(jpeg), 1_762_300_000 + i)).ToList();
        _bot.Snapchat.SetProfile(new SnapProfile("busy_day") { Snaps = snaps });
        // Two albums: a progress message comes first, the offer to follow last.
        var messages = (await _bot.SendAsync(103, "/snap busy_day", m => m.Count(x => x.Kind == "photo") >= 12)).Where(m => m.Kind == "photo").ToList();

        var albums = messages.GroupBy(m => m.MediaGroupId).ToList();
        Assert.Equal([10, 2], albums.Select(a => a.Count()));
        Assert.EndsWith("(1/2)", albums[0].First().Caption);
        Assert.EndsWith("(2/2)", albums[1].First().Caption);
    }

    [Fact]
    public async Task A_slow_story_keeps_showing_the_chat_that_the_bot_is_at_work()
    {
        var jpeg = await TestMedia.JpegAsync(720, 1280);
        _bot.Snapchat.SetProfile(new SnapProfile("slow_cdn") { Snaps = [new FakeSnap(SnapIds.Story("slow_cdn", 0), 0, _bot.Cdn.AddPhoto(jpeg), 1_762_300_000)] });
        _bot.Cdn.Latency = TimeSpan.FromSeconds(10);        // a long download (or a long transcode): the chat sees no message for a while

        await _bot.SendAsync(104, "/snap slow_cdn", m => m.Count >= 1);

        // Telegram shows an action for ~5 s: it is sent again while the story is on its way, not just once.
        var actions = _bot.Telegram.Calls.Where(c => c.Method.Equals("sendChatAction", StringComparison.OrdinalIgnoreCase) && c.ChatId == 104).ToList();
        Assert.Equal("typing", actions[0].Fields["action"]);
        Assert.InRange(actions.Count(c => c.Fields["action"] == "upload_photo"), 3, 5);   // every ~4.5 s, then beside the upload
    }

    [Theory]
    [InlineData("/snap", "Usage: /snap")]
    [InlineData("/snap ../etc/passwd", "is not a Snapchat username")]
    [InlineData("/snap ab", "is not a Snapchat username")]
    [InlineData("/snap https://t.snapchat.com/AbC%21dEf", "I can't open that Snapchat short link")]
    [InlineData("/snap snapchat.com/t/Ab.Cd", "I can't open that Snapchat short link")]
    [InlineData("/snap t.snapchat.com/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "I can't open that Snapchat short link")]
    [InlineData("/snap https://www.snapchat.com/spotlight/W7_EDl%2F..%2Fadd", "is not a Snapchat username")]
    [InlineData("/snap cöastal", "is not a Snapchat username")]
    [InlineData("/snap https://evil.example/add/coastal_ivy", "is not a Snapchat username")]
    [InlineData("/snap coastal_ivy everything", "choose stories, highlights or spotlight")]
    public async Task Bad_input_gets_a_friendly_reply_and_never_reaches_the_network(string command, string expected)
    {
        var reply = await _bot.AskAsync(104, command);
        Assert.Contains(expected, reply);
        Assert.Empty(_bot.Snapchat.Requests);
        Assert.Empty(_bot.SnapchatShortLinks.Requests);
    }

    [Fact]
    public async Task A_three_hundred_character_username_is_refused_politely()
    {
        var reply = await _bot.AskAsync(104, "/snap " + new string('a', 300));
        Assert.Contains("is not a Snapchat username", reply);
        Assert.True(reply.Length < 400, "the input is not echoed in full");
        Assert.Empty(_bot.Snapchat.Requests);
    }

    [Theory]
    [InlineData("ghost_user", "I couldn't find a Snapchat account called ghost_user.")]
    [InlineData("private_pat", "private_pat is a private Snapchat account")]
    [InlineData("quiet_quinn", "quiet_quinn has no story right now.")]
    [InlineData("blocked_bo", "Snapchat blocked or changed the page")]
    [InlineData("changed_cy", "Snapchat blocked or changed the page")]
    [InlineData("notfound200", "I couldn't find a Snapchat account called notfound200.")]
    public async Task Every_outcome_is_answered_in_plain_words(string username, string expected)
    {
        _bot.Snapchat.SetProfile(new SnapProfile("private_pat") { IsPublic = false });
        _bot.Snapchat.SetProfile(new SnapProfile("quiet_quinn") { StoryForm = StoryForm.Null });
        _bot.Snapchat.SetProfile(new SnapProfile("blocked_bo"));
        _bot.Snapchat.SetPage("blocked_bo", SnapPage.Blocked403);
        _bot.Snapchat.SetProfile(new SnapProfile("changed_cy"));
        _bot.Snapchat.SetPage("changed_cy", SnapPage.NoNextData);
        _bot.Snapchat.SetProfile(new SnapProfile("notfound200"));
        _bot.Snapchat.SetPage("notfound200", SnapPage.NotFound200);

        var reply = await _bot.AskAsync(105, $"/snap {username}");

        Assert.Contains(expected, reply);
        if (username is "blocked_bo" or "changed_cy")
            Assert.Contains(_bot.Logs, line => line.Contains("blocked or changed") && line.Contains(username));
    }

    [Fact]
    public async Task Highlights_come_as_one_titled_album_per_highlight()
    {
        var jpeg = await TestMedia.JpegAsync(720, 1280);
        _bot.Snapchat.SetProfile(new SnapProfile("traveller")
        {
            StoryForm = StoryForm.Null,
            Highlights =
            [
                new FakeHighlight(SnapIds.Highlight("traveller", 0), "Lisbon", [new FakeSnap("", 0, _bot.Cdn.AddPhoto(jpeg), 1_698_400_000), new FakeSnap("", 0, _bot.Cdn.AddPhoto(jpeg), 1_698_400_001)]),
                new FakeHighlight(SnapIds.Highlight("traveller", 1), "Porto", [new FakeSnap("", 0, _bot.Cdn.AddPhoto(jpeg), 1_698_500_000)]),
            ],
        });

        // Two albums: a progress message comes first; the albums are what counts here.
        var messages = (await _bot.SendAsync(106, "/snap traveller highlights", m => m.Count(x => x.Kind == "photo") >= 3)).Where(m => m.Kind == "photo").ToList();

        Assert.Contains("highlight “Lisbon”", messages[0].Caption);
        Assert.Equal(messages[0].MediaGroupId, messages[1].MediaGroupId);
        Assert.Contains("highlight “Porto”", messages[2].Caption);
        Assert.Null(messages[2].MediaGroupId);
    }

    [Fact]
    public async Task Unfetchable_items_are_named_and_the_rest_still_arrive()
    {
        var jpeg = await TestMedia.JpegAsync(720, 1280);
        var good = _bot.Cdn.AddPhoto(jpeg);
        var flaky = _bot.Cdn.AddPhoto(jpeg);
        var gone = _bot.Cdn.AddPhoto(jpeg);
        _bot.Cdn.Fail(flaky, 503, times: 2);
        _bot.Cdn.Truncate(flaky, times: 1);
        _bot.Cdn.Fail(gone, 404, times: 10);
        await using var elsewhere = await StoryBot.Tests.Fakes.Cdn.FakeCdn.StartAsync();
        var foreign = elsewhere.AddPhoto(jpeg).Replace("127.0.0.1", "localhost");
        _bot.Snapchat.SetProfile(new SnapProfile("mixed_bag")
        {
            Snaps =
            [
                new FakeSnap(SnapIds.Story("mixed_bag", 0), 0, good, 1_762_300_000),
                new FakeSnap(SnapIds.Story("mixed_bag", 1), 0, flaky, 1_762_300_001),
                new FakeSnap(SnapIds.Story("mixed_bag", 2), 0, gone, 1_762_300_002),
                new FakeSnap(SnapIds.Story("mixed_bag", 3), 0, foreign, 1_762_300_003),
                new FakeSnap(SnapIds.Story("mixed_bag", 4), 1, null, 1_762_300_004),
            ],
        });

        var messages = await _bot.SendAsync(107, "/snap mixed_bag", m => m.Count >= 3);

        Assert.Equal(["photo", "photo", "text"], messages.Select(m => m.Kind));
        Assert.Equal(4, _bot.Cdn.RequestCount(flaky));                 // two 503s, one truncated body, then the file
        Assert.Empty(elsewhere.RequestedPaths);                         // not on the allow-list: never contacted
        var report = messages[2].Text!;
        Assert.StartsWith("3 items from mixed_bag could not be sent:", report);
        Assert.Contains("the download failed", report);
        Assert.Contains("its link points to a host I don't download from", report);
        Assert.Contains("the page had no link to it", report);
        Assert.Empty(await _bot.LeftoverFilesAsync());
    }

    [Fact]
    public async Task Telegram_429_is_waited_out_and_the_album_arrives_once()
    {
        var jpeg = await TestMedia.JpegAsync(720, 1280);
        _bot.Snapchat.SetProfile(new SnapProfile("popular")
        {
            Snaps = Enumerable.Range(0, 3).Select(i => new FakeSnap(SnapIds.Story("popular", i), 0, _bot.Cdn.AddPhoto(jpeg), 1_762_300_000 + i)).ToList(),
        });
        _bot.Telegram.AddFault(new TelegramFault("sendMediaGroup", 429, "Too Many Requests: retry after 2", RetryAfter: 2, ChatId: 108));

        var started = DateTimeOffset.UtcNow;
        var messages = await _bot.SendAsync(108, "/snap popular", m => m.Count >= 4);     // the album, then the offer to follow
        await Task.Delay(500);

        Assert.Equal(4, _bot.Telegram.MessagesTo(108).Count);             // once, not twice
        var attempts = _bot.Telegram.Calls.Where(c => c.Method.Equals("sendMediaGroup", StringComparison.OrdinalIgnoreCase) && c.ChatId == 108).ToList();
        Assert.Equal([429, 200], attempts.Select(c => c.StatusCode));
        Assert.True(attempts[1].At - attempts[0].CompletedAt >= TimeSpan.FromSeconds(2),
            $"retry_after was honoured: the 429 was answered at {attempts[0].CompletedAt:HH:mm:ss.fff}, the retry came at {attempts[1].At:HH:mm:ss.fff}");
        Assert.Equal(3, messages.Count(m => m.Kind == "photo"));
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Chats_are_served_in_parallel_but_each_chat_in_order()
    {
        var jpeg = await TestMedia.JpegAsync(720, 1280);
        foreach (var user in new[] { "first_one", "second_one" })
            _bot.Snapchat.SetProfile(new SnapProfile(user)
            {
                Snaps = Enumerable.Range(0, 2).Select(i => new FakeSnap(SnapIds.Story(user, i), 0, _bot.Cdn.AddPhoto(jpeg), 1_762_300_000 + i)).ToList(),
            });

        // Two requests in one chat, one after the other, and the same in other chats at once.
        foreach (var chat in new long[] { 201, 202, 203 })
        {
            _bot.Telegram.InjectMessage(chat, "/snap first_one");
            _bot.Telegram.InjectMessage(chat, "/snap second_one");
        }

        foreach (var chat in new long[] { 201, 202, 203 })
        {
            // Each album is followed by its offer to follow the account.
            var messages = await _bot.Telegram.WaitForMessagesAsync(chat, m => m.Count >= 6, TimeSpan.FromSeconds(60));
            Assert.Contains("first_one", messages[0].Caption);
            Assert.Contains("first_one", messages[2].Text);
            Assert.Contains("second_one", messages[3].Caption);
        }

        Assert.Equal(1, _bot.Telegram.MaxConcurrentSendsPerChatObserved);
    }

    [Fact]
    public async Task A_quick_reply_waits_for_the_album_of_an_earlier_command()
    {
        var video = await TestMedia.H264Mp4Async(720, 1280, 2);
        _bot.Snapchat.SetProfile(new SnapProfile("busy_one")
        {
            Snaps = Enumerable.Range(0, 3).Select(i => new FakeSnap(SnapIds.Story("busy_one", i), 1, _bot.Cdn.AddVideo(video), 1_762_300_000 + i)).ToList(),
        });
        _bot.Snapchat.SetProfile(new SnapProfile("quiet_one") { StoryForm = StoryForm.Null });

        _bot.Telegram.InjectMessage(210, "/snap busy_one");
        _bot.Telegram.InjectMessage(210, "/snap quiet_one");
        var messages = await _bot.Telegram.WaitForMessagesAsync(210, m => m.Count >= 5, TimeSpan.FromSeconds(60));

        Assert.Equal(["video", "video", "video", "text", "text"], messages.Select(m => m.Kind));
        Assert.NotEmpty(messages[3].Buttons);                                  // the offer to follow busy_one
        Assert.Contains("quiet_one has no story right now.", messages[4].Text);
    }

    [Fact]
    public async Task A_chat_cannot_queue_unbounded_work()
    {
        var video = await TestMedia.H264Mp4Async(320, 568, 2);
        _bot.Cdn.BytesPerSecond = 100_000;                                  // each /snap takes a few seconds
        _bot.Snapchat.SetProfile(new SnapProfile("slow_one") { Snaps = [new FakeSnap(SnapIds.Story("slow_one", 0), 1, _bot.Cdn.AddVideo(video), 1_762_300_000)] });

        for (var i = 0; i < 8; i++)
            _bot.Telegram.InjectMessage(211, "/snap slow_one");
        var messages = await _bot.Telegram.WaitForMessagesAsync(211, m => m.Count(x => x.Buttons.Count == 0) >= 8, TimeSpan.FromSeconds(90));

        Assert.Equal(3, messages.Count(m => m.Text == "I'm still working on this chat's earlier requests. Please send that again in a moment."));
        Assert.Equal(5, messages.Count(m => m.Kind == "video"));
        Assert.True(_bot.Snapchat.Requests.Count <= 5);
    }

    [Fact]
    public async Task Help_lists_the_commands_and_the_command_menu_is_registered()
    {
        var reply = await _bot.AskAsync(109, "/start");
        Assert.Contains("/snap <username>", reply);
        var setCommands = Assert.Single(_bot.Telegram.Calls, c => c.Method.Equals("setMyCommands", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("\"snap\"", setCommands.Fields["commands"]);
    }
}
