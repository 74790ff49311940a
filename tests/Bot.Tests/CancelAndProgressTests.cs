using System.Diagnostics;
using System.Globalization;
using StoryBot.Tests.Fakes.Media;
using StoryBot.Tests.Fakes.Snapchat;
using StoryBot.Tests.Fakes.Telegram;

namespace StoryBot.Bot.Tests;

/// <summary>A request of several albums shows one progress message; /cancel stops a request and says what was and was not sent.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class CancelAndProgressTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Several_albums_show_one_progress_message_edited_as_they_go_and_saying_how_it_ended()
    {
        await using var bot = await BotHarness.StartAsync();
        var jpeg = await TestMedia.JpegAsync(320, 568);
        bot.Snapchat.SetProfile(new SnapProfile("traveller")
        {
            StoryForm = StoryForm.Null,
            Highlights = Enumerable.Range(0, 3)
                .Select(h => new FakeHighlight(SnapIds.Highlight("traveller", h), $"Trip {h}", [new FakeSnap("", 0, bot.Cdn.AddPhoto(jpeg), 1_698_400_000 + h)]))
                .ToList(),
        });

        var messages = await bot.SendAsync(1101, "/snap traveller highlights", m => m.Any(x => x.Buttons.Count > 0));
        var progress = messages[0];
        await Wait.UntilAsync(() => bot.Telegram.TextMessage(1101, progress.MessageId)!.Text.EndsWith("sent.", StringComparison.Ordinal), Timeout);

        Assert.Equal(["text", "photo", "photo", "photo", "text"], messages.Select(m => m.Kind));
        Assert.Equal("Highlights of traveller: 0 of 3 albums sent…", progress.Text);
        Assert.Equal("Highlights of traveller: all 3 albums sent.", bot.Telegram.TextMessage(1101, progress.MessageId)!.Text);
        var edits = bot.Telegram.EditsIn(1101);
        Assert.All(edits, edit => Assert.Equal(progress.MessageId, edit.MessageId));    // one message, edited; no new ones
        Assert.InRange(edits.Count, 1, 3);
    }

    [Fact]
    public async Task Cancel_stops_the_request_sends_nothing_more_and_records_only_what_was_sent()
    {
        await using var bot = await BotHarness.StartAsync();
        var jpeg = await TestMedia.JpegAsync(320, 568);
        var posted = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600;
        var urls = Enumerable.Range(0, 14).Select(_ => bot.Cdn.AddPhoto(jpeg)).ToList();
        bot.Snapchat.SetProfile(new SnapProfile("long_story")
        {
            Snaps = urls.Select((url, i) => new FakeSnap(SnapIds.Story("long_story", i), 0, url, posted + i)).ToList(),
        });
        // The first album (10 photos) comes quickly; the second album's photos are slow.
        foreach (var url in urls.Skip(10))
            bot.Cdn.Delay(url, TimeSpan.FromSeconds(30));

        await bot.SendAsync(1102, "/snap long_story", m => m.Count(x => x.Kind == "photo") >= 10);
        var reply = await bot.AskAsync(1102, "/cancel");

        Assert.Equal("Cancelled: 10 of 14 items were sent, the other 4 were not.", reply);
        var progress = bot.Telegram.MessagesTo(1102)[0];
        Assert.Equal("Stories of long_story: stopped by /cancel: 10 of 14 items sent.", bot.Telegram.TextMessage(1102, progress.MessageId)!.Text);

        // Only the ten that arrived were recorded: following the account now brings the other four, once.
        await bot.SendAsync(1102, "/subscribe snap long_story", m => m.Count(x => x.Kind == "photo") >= 4);
        await Task.Delay(1000);
        Assert.Equal(14, bot.Telegram.MessagesTo(1102).Count(m => m.Kind == "photo"));
    }

    [Fact]
    public async Task Cancel_kills_a_running_ffmpeg()
    {
        await using var bot = await BotHarness.StartAsync();
        // A long VP9 clip: converting it keeps ffmpeg busy for many seconds on two cores.
        var webm = await TestMedia.Vp9WebmAsync(1080, 1920, 20);
        bot.Snapchat.SetProfile(new SnapProfile("film_maker")
        {
            Snaps = [new FakeSnap(SnapIds.Story("film_maker", 0), 1, bot.Cdn.AddVideo(webm), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60)],
        });

        bot.Telegram.InjectMessage(1103, "/snap film_maker");
        await Wait.UntilAsync(() => FfmpegChildren().Count > 0, Timeout);
        var reply = await bot.AskAsync(1103, "/cancel");

        Assert.Equal("Cancelled: none of the 1 items was sent.", reply);
        await Wait.UntilAsync(() => FfmpegChildren().Count == 0, TimeSpan.FromSeconds(5));
        await Task.Delay(1000);
        Assert.DoesNotContain(bot.Telegram.MessagesTo(1103), m => m.Kind is "video" or "document");
        Assert.Empty(await bot.LeftoverFilesAsync());
    }

    [Fact]
    public async Task Cancel_with_nothing_running_says_so()
    {
        await using var bot = await BotHarness.StartAsync();

        Assert.Equal("Nothing to cancel: I'm not working on anything for this chat.", await bot.AskAsync(1104, "/cancel"));
    }

    /// <summary>ffmpeg processes started by this test process (the bot runs in it).</summary>
    private static List<int> FfmpegChildren()
    {
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (stat.Contains("(ffmpeg)", StringComparison.Ordinal) && afterName[1] == self)
                    found.Add(pid);
            }
            catch (IOException)
            {
            }
        }

        return found;
    }
}
