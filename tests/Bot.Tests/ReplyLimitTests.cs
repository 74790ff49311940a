using Microsoft.Extensions.DependencyInjection;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;
using StoryBot.Tests.Fakes.Media;
using StoryBot.Tests.Fakes.Snapchat;

namespace StoryBot.Bot.Tests;

/// <summary>Replies that would cost the bot: too long for one message, or asked for hundreds of times.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ReplyLimitTests
{
    [Fact]
    public async Task A_subscription_list_over_telegrams_limit_arrives_whole_in_several_messages()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?> { ["Subscriptions:MaxPerChat"] = "80" });
        var store = bot.Services.GetRequiredService<SubscriptionStore>();
        var names = Enumerable.Range(0, 80).Select(i => $"a_rather_long_instagram_nam{i:D3}").ToList();
        foreach (var name in names)
            store.Add(820, Platform.Instagram, name, 42, 80);

        var messages = await bot.SendAsync(820, "/subscriptions", m => m.Any(x => x.Buttons.Count > 0));
        var replies = messages.SkipLast(1).ToList();

        Assert.True(replies.Count >= 2);
        Assert.Equal(80, messages[^1].Buttons.Count);                                   // the buttons under a short message after the list
        Assert.All(messages, reply => Assert.InRange(reply.Text!.Length, 1, 4096));
        var all = string.Join('\n', replies.Select(r => r.Text));
        Assert.All(names, name => Assert.Contains($" {name} —", all));
        Assert.All(replies.Skip(1), reply => Assert.StartsWith("• ", reply.Text));   // cut between lines, not inside one
    }

    [Fact]
    public async Task Hundreds_of_commands_from_a_stranger_in_a_group_cost_one_reply_and_do_not_delay_its_stories()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?> { ["Telegram:AllowedUserIds:0"] = "42" });
        var jpeg = await TestMedia.JpegAsync(320, 568);
        bot.Snapchat.SetProfile(new SnapProfile("coastal_ivy")
        {
            Snaps = [new FakeSnap(SnapIds.Story("coastal_ivy", 0), 0, bot.Cdn.AddPhoto(jpeg), 1_762_300_000)],
        });
        const long group = -100_777;

        for (var i = 0; i < 300; i++)
            bot.Telegram.InjectMessage(group, $"/snap@{bot.Telegram.BotUsername} coastal_ivy", fromUserId: 66, chatType: "supergroup");
        await bot.Telegram.WaitForMessagesAsync(group, m => m.Count >= 1, TimeSpan.FromSeconds(30));

        var started = DateTimeOffset.UtcNow;
        var story = await bot.SendAsync(group, $"/snap@{bot.Telegram.BotUsername} coastal_ivy", m => m.Any(x => x.Kind == "photo"), fromUserId: 42, chatType: "supergroup");
        var waited = DateTimeOffset.UtcNow - started;

        Assert.True(waited < TimeSpan.FromSeconds(15), $"the story took {waited.TotalSeconds:0.0} s behind the refusals");
        var refusals = bot.Telegram.MessagesTo(group).Count(m => m.Text == "Sorry, this bot is private.");
        Assert.Equal(1, refusals);
        Assert.Single(bot.Snapchat.Requests);                                       // the stranger fetched nothing
    }
}
