using System.Diagnostics;
using StoryBot.Tests.Fakes.Telegram;

namespace StoryBot.Bot.Tests;

/// <summary>Faults found at start-up, with the bot as a real process: bad settings, a database in use, a damaged database.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class StartupFaultTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("storybot-startup-").FullName;

    private string DatabasePath => Path.Combine(_data, "bot.db");

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static Process Start(IDictionary<string, string?> environment) => BotProcess.Start(environment);

    private static async Task<(int ExitCode, string[] ErrorLines, string Output)> RunToEndAsync(IDictionary<string, string?> environment, string? command = null)
    {
        var run = await BotProcess.RunToEndAsync(environment, TimeSpan.FromSeconds(40), command);
        return (run.ExitCode, run.ErrorLines, run.StandardOutput);
    }

    private Dictionary<string, string?> Settings(string? telegramUrl = null) => new()
    {
        ["Telegram:BotToken"] = "123456:TEST-token",
        ["Telegram:ApiBaseUrl"] = telegramUrl ?? "http://127.0.0.1:9",
        ["Storage:DatabasePath"] = DatabasePath,
        ["Media:TempPath"] = _data,
    };

    [Fact]
    public async Task Several_bad_settings_are_named_together_in_one_line()
    {
        var settings = Settings();
        settings["Schedule:Tick"] = "not-a-time";
        settings["Pipeline:DownloadConcurrency"] = "0";
        settings["Subscriptions:MaxPerChat"] = "0";

        var (exitCode, errors, output) = await RunToEndAsync(settings);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(errors);
        Assert.Contains("Schedule:Tick", line);
        Assert.Contains("DownloadConcurrency", line);
        Assert.Contains("MaxPerChat", line);
        Assert.DoesNotContain("   at ", line + output);                       // no stack trace anywhere
    }

    [Fact]
    public async Task A_zero_poll_interval_is_refused_instead_of_polling_every_tick()
    {
        var settings = Settings();
        settings["Schedule:Snapchat:Interval"] = "00:00:00";

        var (exitCode, errors, _) = await RunToEndAsync(settings);

        Assert.Equal(2, exitCode);
        Assert.Contains("Schedule:Snapchat:Interval", Assert.Single(errors));
    }

    [Fact]
    public async Task A_second_process_on_the_same_database_refuses_to_start_and_the_first_keeps_running()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        using var first = Start(Settings(telegram.BaseUrl));
        try
        {
            await telegram.WaitForHeldPollAsync(TimeSpan.FromSeconds(30));

            var (exitCode, errors, _) = await RunToEndAsync(Settings(telegram.BaseUrl));

            Assert.Equal(4, exitCode);
            var line = Assert.Single(errors);
            Assert.Contains(DatabasePath, line);
            Assert.Contains("already using the database", line);
            Assert.False(first.HasExited);
        }
        finally
        {
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        // The lock goes with the process that held it, even killed: the next start opens the database.
        using var next = Start(Settings(telegram.BaseUrl));
        try
        {
            await telegram.WaitForHeldPollAsync(TimeSpan.FromSeconds(30));
            Assert.False(next.HasExited);
        }
        finally
        {
            next.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task A_damaged_database_stops_start_up_with_one_line_saying_how_to_recover()
    {
        var garbage = new byte[64 * 1024];
        new Random(3).NextBytes(garbage);
        await File.WriteAllBytesAsync(DatabasePath, garbage);

        var (exitCode, errors, output) = await RunToEndAsync(Settings());

        Assert.Equal(5, exitCode);
        var line = Assert.Single(errors);
        Assert.Contains(DatabasePath, line);
        Assert.Contains("Recovering the database", line);
        Assert.DoesNotContain("   at ", line + output);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("json")]
    public async Task Logs_carry_the_date_in_utc_and_can_be_json_lines(string? formatter)
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        var settings = Settings(telegram.BaseUrl);
        if (formatter is not null)
            settings["Logging:Console:FormatterName"] = formatter;
        using var process = Start(settings);
        var stdout = process.StandardOutput.ReadToEndAsync();
        await telegram.WaitForHeldPollAsync(TimeSpan.FromSeconds(30));
        process.Kill(entireProcessTree: true);
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var connected = Assert.Single(lines, line => line.Contains("Connected to Telegram"));
        var stamp = formatter == "json"
            ? System.Text.Json.JsonDocument.Parse(connected).RootElement.GetProperty("Timestamp").GetString()!
            : connected[..connected.IndexOf(' ')];
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", stamp);
        Assert.True(DateTimeOffset.Parse(stamp) > DateTimeOffset.UtcNow.AddMinutes(-2));   // UTC, not local time
        if (formatter == "json")
            Assert.All(lines, line => System.Text.Json.JsonDocument.Parse(line));
    }

    [Fact]
    public async Task Missing_ffmpeg_is_told_to_the_admins_once()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        var settings = Settings(telegram.BaseUrl);
        settings["Telegram:AdminUserIds:0"] = "77";
        settings["PATH"] = Path.Combine(_data, "no-tools-here");              // ffmpeg and ffprobe cannot be found
        using var process = Start(settings);
        try
        {
            var told = await telegram.WaitForMessagesAsync(77, m => m.Count >= 1, TimeSpan.FromSeconds(30));
            Assert.Contains("ffmpeg is not installed", Assert.Single(told).Text);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task The_healthcheck_passes_while_the_bot_hears_from_telegram_and_fails_when_it_stops()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        var settings = Settings(telegram.BaseUrl);
        settings["Health:MaxAge"] = "00:00:30";
        var heartbeat = Path.Combine(_data, "heartbeat");

        Assert.Equal(1, (await RunToEndAsync(settings, "healthcheck")).ExitCode);          // never polled yet

        using var bot = Start(settings);
        try
        {
            await telegram.WaitForHeldPollAsync(TimeSpan.FromSeconds(30));
            telegram.InjectMessage(870, "/help");                                         // the held poll answers
            await Wait.UntilAsync(() => File.Exists(heartbeat), TimeSpan.FromSeconds(20));

            var healthy = await RunToEndAsync(settings, "healthcheck");
            Assert.Equal(0, healthy.ExitCode);
            Assert.Contains("healthy", healthy.Output);
        }
        finally
        {
            bot.Kill(entireProcessTree: true);
        }

        File.SetLastWriteTimeUtc(heartbeat, DateTime.UtcNow - TimeSpan.FromMinutes(5));   // as if it stopped hearing back
        var stale = await RunToEndAsync(settings, "healthcheck");
        Assert.Equal(1, stale.ExitCode);
        Assert.Contains("last good poll of Telegram", Assert.Single(stale.ErrorLines));
    }
}
