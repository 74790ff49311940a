using System.Diagnostics;
using StoryBot.Tests.Fakes.Media;
using StoryBot.Tests.Fakes.Snapchat;
using StoryBot.Tests.Fakes.Telegram;

namespace StoryBot.Bot.Tests;

/// <summary>The bot as a real process: start-up checks, exit codes, SIGTERM.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class HostLifecycleTests
{
    private static Process Start(IDictionary<string, string?> environment) => BotProcess.Start(environment);

    private static Task<BotProcess.Run> RunToEndAsync(IDictionary<string, string?> environment, TimeSpan timeout) =>
        BotProcess.RunToEndAsync(environment, timeout);

    [Theory]
    [InlineData(null, "Telegram:BotToken is not set")]
    [InlineData("", "Telegram:BotToken is not set")]
    [InlineData("not-a-token", "Telegram:BotToken is malformed")]
    [InlineData("123456:has spaces", "Telegram:BotToken is malformed")]
    public async Task Missing_or_malformed_token_ends_start_up_with_one_clear_line(string? token, string expected)
    {
        var run = await RunToEndAsync(new Dictionary<string, string?> { ["Telegram:BotToken"] = token }, TimeSpan.FromSeconds(30));

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line);
        if (token is { Length: > 0 })
            Assert.DoesNotContain(token, run.StandardError + run.StandardOutput);
    }

    [Fact]
    public async Task A_token_telegram_rejects_stops_the_bot_with_its_own_exit_code()
    {
        await using var telegram = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { Token = "123456:the-real-one" });
        var run = await RunToEndAsync(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = "654321:a-wrong-one",
            ["Telegram:ApiBaseUrl"] = telegram.BaseUrl,
            ["Storage:DatabasePath"] = Path.Combine(Path.GetTempPath(), $"storybot-{Guid.NewGuid():N}", "bot.db"),
        }, TimeSpan.FromSeconds(40));

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("Telegram rejected the bot token", run.StandardOutput);
        Assert.DoesNotContain("a-wrong-one", run.StandardOutput + run.StandardError);
    }

    [Fact]
    public async Task Sigterm_stops_the_bot_gracefully_even_while_it_is_working()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var snapchat = await FakeSnapchatSite.StartAsync();
        await using var cdn = await StoryBot.Tests.Fakes.Cdn.FakeCdn.StartAsync();
        var temp = Directory.CreateTempSubdirectory("storybot-sigterm-").FullName;
        var video = await TestMedia.H264Mp4Async(720, 1280, 3);
        cdn.BytesPerSecond = 50_000;   // slow enough that downloads are in flight when SIGTERM comes
        snapchat.SetProfile(new SnapProfile("slow_cdn")
        {
            Snaps = Enumerable.Range(0, 4).Select(i => new FakeSnap(SnapIds.Story("slow_cdn", i), 1, cdn.AddVideo(video), 1_762_300_000 + i)).ToList(),
        });

        using var process = Start(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = telegram.Token,
            ["Telegram:ApiBaseUrl"] = telegram.BaseUrl,
            ["Snapchat:BaseUrl"] = snapchat.BaseUrl,
            ["Media:AllowedHosts:0"] = "127.0.0.1",
            ["Media:TempPath"] = temp,
            ["Storage:DatabasePath"] = Path.Combine(temp + "-data", "bot.db"),
        });
        var stdout = process.StandardOutput.ReadToEndAsync();
        try
        {
            await telegram.WaitForHeldPollAsync(TimeSpan.FromSeconds(30));
            telegram.InjectMessage(300, "/snap slow_cdn");
            await Wait.UntilAsync(() => cdn.RequestedPaths.Count >= 1, TimeSpan.FromSeconds(20));

            var watch = Stopwatch.StartNew();
            Process.Start("kill", ["-TERM", process.Id.ToString()]).WaitForExit();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(0, process.ExitCode);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(25), $"stopped in {watch.Elapsed}");
            Assert.Contains("Application is shutting down", await stdout);
            Assert.Empty(Directory.GetFiles(temp, "*", SearchOption.AllDirectories));   // no temp files left
            Assert.DoesNotContain(telegram.MessagesTo(300), m => m.Kind != "text");   // nothing half-sent
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            Directory.Delete(temp, recursive: true);
            if (Directory.Exists(temp + "-data"))
                Directory.Delete(temp + "-data", recursive: true);
        }
    }

    [Fact]
    public async Task Kill_9_in_the_middle_of_a_delivery_neither_resends_nor_loses_anything()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var snapchat = await FakeSnapchatSite.StartAsync();
        await using var cdn = await StoryBot.Tests.Fakes.Cdn.FakeCdn.StartAsync();
        var temp = Directory.CreateTempSubdirectory("storybot-kill-").FullName;
        var jpeg = await TestMedia.JpegAsync(720, 1280);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        snapchat.SetProfile(new SnapProfile("coastal_ivy")
        {
            Snaps = Enumerable.Range(0, 12).Select(i => new FakeSnap(SnapIds.Story("coastal_ivy", i), 0, cdn.AddPhoto(jpeg), now - 600 + i)).ToList(),
        });
        // The first album goes through; Telegram holds the second one until the bot is killed.
        telegram.AddFault(new TelegramFault("sendMediaGroup", 200, "", ChatId: 900, Times: 1));
        telegram.AddFault(new TelegramFault("sendMediaGroup", 200, "", ChatId: 900, Times: 1, Delay: TimeSpan.FromSeconds(60)));
        var environment = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = telegram.Token,
            ["Telegram:ApiBaseUrl"] = telegram.BaseUrl,
            ["Snapchat:BaseUrl"] = snapchat.BaseUrl,
            ["Media:AllowedHosts:0"] = "127.0.0.1",
            ["Media:TempPath"] = temp,
            ["Storage:DatabasePath"] = Path.Combine(temp + "-data", "bot.db"),
        };
        int Photos() => telegram.MessagesTo(900).Count(m => m.Kind == "photo");

        try
        {
            using (var first = Start(environment))
            {
                _ = first.StandardOutput.ReadToEndAsync();
                await telegram.WaitForHeldPollAsync(TimeSpan.FromSeconds(30));
                telegram.InjectMessage(900, "/subscribe snap coastal_ivy");
                await telegram.WaitForMessagesAsync(900, m => m.Count(x => x.Kind == "photo") >= 10, TimeSpan.FromSeconds(60));
                await Task.Delay(1000);                                       // the second album is now held by Telegram
                first.Kill();                                                 // SIGKILL: no shutdown code runs
                await first.WaitForExitAsync();
            }

            Assert.Equal(10, Photos());
            telegram.ClearFaults();                                           // Telegram is well again

            using var second = Start(environment);
            var secondOutput = second.StandardOutput.ReadToEndAsync();
            try
            {
                await telegram.WaitForHeldPollAsync(TimeSpan.FromSeconds(30));
                telegram.InjectMessage(900, "/poll");
                await telegram.WaitForMessagesAsync(900, m => m.Count(x => x.Kind == "photo") >= 12, TimeSpan.FromSeconds(60));
                telegram.InjectMessage(900, "/poll");
                await telegram.WaitForMessagesAsync(900, m => m.Any(x => x.Text?.StartsWith("Nothing new") == true), TimeSpan.FromSeconds(60));

                // Every snap exactly once: the first album was recorded before the kill and not resent, the second
                // never reached Telegram and was not lost.
                Assert.Equal(12, Photos());
            }
            catch (TimeoutException ex)
            {
                second.Kill(entireProcessTree: true);
                throw new TimeoutException($"{ex.Message}\nThe restarted bot said:\n{await secondOutput}", ex);
            }
            finally
            {
                if (!second.HasExited)
                    second.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
            if (Directory.Exists(temp + "-data"))
                Directory.Delete(temp + "-data", recursive: true);
        }
    }
}
