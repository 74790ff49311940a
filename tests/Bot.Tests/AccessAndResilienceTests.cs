using StoryBot.Tests.Fakes.Media;
using StoryBot.Tests.Fakes.Snapchat;
using StoryBot.Tests.Fakes.Telegram;

namespace StoryBot.Bot.Tests;

[Collection(EndToEndCollection.Name)]
public sealed class AccessAndResilienceTests
{
    [Fact]
    public async Task Users_outside_the_allow_list_get_one_refusal_and_nothing_is_fetched()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?> { ["Telegram:AllowedUserIds:0"] = "42" });
        bot.Snapchat.SetProfile(new SnapProfile("coastal_ivy"));

        var refusal = await bot.AskAsync(500, "/snap coastal_ivy", fromUserId: 77);
        Assert.Equal("Sorry, this bot is private.", refusal);
        Assert.Empty(bot.Snapchat.Requests);

        var allowed = await bot.AskAsync(500, "/snap coastal_ivy", fromUserId: 42);
        Assert.Contains("no story right now", allowed);
        Assert.Single(bot.Snapchat.Requests);
    }

    [Fact]
    public async Task Polling_errors_back_off_instead_of_spinning()
    {
        await using var bot = await BotHarness.StartAsync();
        await bot.Telegram.WaitForHeldPollAsync(TimeSpan.FromSeconds(10));
        bot.Telegram.AddFault(new TelegramFault("getUpdates", 502, "Bad Gateway", Times: 1000));
        // The long poll being held returns with this update; every poll after it fails.
        await bot.AskAsync(400, "/help");

        await Task.Delay(TimeSpan.FromSeconds(4));
        var failing = bot.Telegram.Calls.Count(call => IsGetUpdates(call) && call.StatusCode == 502);

        // 1 s, 2 s, 4 s…: at most a handful of attempts in 4 s, where a busy loop makes hundreds.
        Assert.InRange(failing, 1, 5);
        Assert.Contains(bot.Logs, line => line.Contains("Polling Telegram failed"));
    }

    [Fact]
    public async Task The_token_never_appears_in_logs()
    {
        const string token = "987654321:AAE-very_secret-TOKEN-value_123456789";
        // Even with HTTP client logging turned all the way up (every Bot API URL contains the token).
        await using var bot = await BotHarness.StartAsync(
            new Dictionary<string, string?> { ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace" },
            new FakeTelegramOptions { Token = token });
        var jpeg = await TestMedia.JpegAsync(320, 568);
        bot.Snapchat.SetProfile(new SnapProfile("coastal_ivy") { Snaps = [new FakeSnap(SnapIds.Story("coastal_ivy", 0), 0, bot.Cdn.AddPhoto(jpeg), 1_762_300_000)] });
        bot.Telegram.AddFault(new TelegramFault("getUpdates", 502, "Bad Gateway", Times: 1));
        bot.Telegram.AddFault(new TelegramFault("sendPhoto", 429, "Too Many Requests: retry after 1", RetryAfter: 1));

        await bot.SendAsync(600, "/snap coastal_ivy", m => m.Count >= 1);
        await bot.StopAsync();

        Assert.NotEmpty(bot.Logs);
        Assert.DoesNotContain(bot.Logs, line => line.Contains("AAE-very_secret-TOKEN", StringComparison.Ordinal));
    }

    private static bool IsGetUpdates(RecordedCall call) => call.Method.Equals("getUpdates", StringComparison.OrdinalIgnoreCase);
}
