using Microsoft.Extensions.DependencyInjection;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;
using StoryBot.Tests.Fakes.Snapchat;

namespace StoryBot.Bot.Tests;

/// <summary>Admins are told once when something only they can fix goes wrong, and once when it is right again.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class OperatorAlertTests
{
    private const long Admin = 77;

    [Fact]
    public async Task Snapchat_failing_for_every_account_is_told_once_and_so_is_its_recovery()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Telegram:AdminUserIds:0"] = Admin.ToString(),
            ["Schedule:Snapchat:Interval"] = "00:00:01",
            ["Schedule:Tick"] = "00:00:00.100",
        });
        var store = bot.Services.GetRequiredService<SubscriptionStore>();
        foreach (var user in new[] { "blocked_a", "blocked_b" })
        {
            bot.Snapchat.SetProfile(new SnapProfile(user));
            bot.Snapchat.SetPage(user, SnapPage.Blocked403);
            store.Add(860, Platform.Snapchat, user, Admin, 50);
        }

        await bot.Telegram.WaitForMessagesAsync(Admin, m => m.Any(x => x.Text!.Contains("Snapchat failed for all 2")), TimeSpan.FromSeconds(30));
        // Both keep failing for a while: no second alert.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(bot.Telegram.MessagesTo(Admin));

        bot.Snapchat.SetProfile(new SnapProfile("blocked_a"));                       // its page reads again
        await bot.Telegram.WaitForMessagesAsync(Admin, m => m.Any(x => x.Text!.Contains("read well again")), TimeSpan.FromSeconds(60));
        Assert.Equal(2, bot.Telegram.MessagesTo(Admin).Count);
    }
}
