using Microsoft.Extensions.DependencyInjection;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;
using StoryBot.Tests.Fakes.Media;
using StoryBot.Tests.Fakes.Snapchat;
using StoryBot.Tests.Fakes.Telegram;

namespace StoryBot.Bot.Tests;

/// <summary>One tap instead of typing: Follow under a command's story, Unsubscribe in /subscriptions, each acting once.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ButtonTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Follow_under_a_story_follows_once_answers_the_tap_and_sends_nothing_twice()
    {
        await using var bot = await BotHarness.StartAsync();
        await WithStoryAsync(bot, "coastal_ivy");

        var messages = await bot.SendAsync(1001, "/snap coastal_ivy", m => m.Any(x => x.Buttons.Count > 0));
        var offer = messages.Single(m => m.Buttons.Count > 0);
        Assert.Equal(["photo", "text"], messages.Select(m => m.Kind));
        Assert.Contains("coastal_ivy", offer.Text);
        var follow = Assert.Single(offer.Buttons);
        Assert.Equal(("Follow", "f:s:coastal_ivy"), (follow.Text, follow.Data));

        var first = await PressAsync(bot, 1001, offer.MessageId, follow.Data);
        var second = await PressAsync(bot, 1001, offer.MessageId, follow.Data);          // a double tap, or the stale button

        Assert.Equal("Following coastal_ivy.", first.Text);
        Assert.Equal("This chat already follows coastal_ivy.", second.Text);
        var store = bot.Services.GetRequiredService<SubscriptionStore>();
        Assert.Equal([1001L], store.Followers(Platform.Snapchat, "coastal_ivy").Select(s => s.ChatId));
        var shown = bot.Telegram.TextMessage(1001, offer.MessageId)!;
        Assert.Empty(shown.Buttons);                                                        // the button is gone
        Assert.Contains("follows coastal_ivy", shown.Text);

        // The story the command brought is not sent again by the subscription's first poll.
        await Task.Delay(1500);
        Assert.Single(bot.Telegram.MessagesTo(1001), m => m.Kind == "photo");
    }

    [Fact]
    public async Task A_chat_that_already_follows_the_account_gets_no_offer()
    {
        await using var bot = await BotHarness.StartAsync();
        await WithStoryAsync(bot, "coastal_ivy");
        await bot.SendAsync(1002, "/subscribe snap coastal_ivy", m => m.Any(x => x.Kind == "photo"));

        await WithStoryAsync(bot, "coastal_ivy", snaps: 2);
        await bot.SendAsync(1002, "/snap coastal_ivy", m => m.Count(x => x.Kind == "photo") >= 2);
        await bot.AskAsync(1002, "/help");                                                  // answered after anything the /snap sent

        Assert.DoesNotContain(bot.Telegram.MessagesTo(1002), m => m.Buttons.Count > 0);
    }

    [Fact]
    public async Task Subscriptions_lists_each_account_with_an_unsubscribe_button_that_acts_once()
    {
        await using var bot = await BotHarness.StartAsync();
        var store = bot.Services.GetRequiredService<SubscriptionStore>();
        store.Add(1003, Platform.Snapchat, "coastal_ivy", 42, 50);
        store.Add(1003, Platform.Instagram, "river.lane", 42, 50);

        var list = Assert.Single(await bot.SendAsync(1003, "/subscriptions", m => m.Count >= 1));
        Assert.Equal(["u:s:coastal_ivy", "u:i:river.lane"], list.Buttons.Select(b => b.Data));
        Assert.Equal("Unsubscribe coastal_ivy (Snapchat)", list.Buttons[0].Text);

        var first = await PressAsync(bot, 1003, list.MessageId, "u:s:coastal_ivy");
        var again = await PressAsync(bot, 1003, list.MessageId, "u:s:coastal_ivy");        // from a copy of the list not yet updated

        Assert.Equal("Unsubscribed from coastal_ivy.", first.Text);
        Assert.Equal("This chat no longer follows coastal_ivy.", again.Text);
        Assert.Equal([("river.lane", Platform.Instagram)], store.ForChat(1003).Select(s => (s.Username, s.Platform)));
        var shown = bot.Telegram.TextMessage(1003, list.MessageId)!;
        Assert.Equal(["u:i:river.lane"], shown.AllButtons.Select(b => b.Data));            // the list shows what is true now
        Assert.DoesNotContain("coastal_ivy", shown.Text);
    }

    [Fact]
    public async Task A_button_of_a_message_telegram_no_longer_shows_or_a_foreign_button_only_says_it_is_out_of_date()
    {
        await using var bot = await BotHarness.StartAsync();
        var store = bot.Services.GetRequiredService<SubscriptionStore>();
        store.Add(1004, Platform.Snapchat, "coastal_ivy", 42, 50);
        var list = Assert.Single(await bot.SendAsync(1004, "/subscriptions", m => m.Count >= 1));

        var deleted = await PressAsync(bot, 1004, list.MessageId, "u:s:coastal_ivy", inaccessible: true);
        var foreign = await PressAsync(bot, 1004, list.MessageId, "vote:yes");
        var forged = await PressAsync(bot, 1004, list.MessageId, "u:s:../../etc");

        Assert.All([deleted, foreign, forged], answer => Assert.Equal("This button is out of date.", answer.Text));
        Assert.Single(store.ForChat(1004));
        Assert.Empty(bot.Snapchat.Requests);
    }

    [Fact]
    public async Task In_a_group_only_admins_buttons_change_what_it_follows()
    {
        await using var bot = await BotHarness.StartAsync();
        await WithStoryAsync(bot, "coastal_ivy");
        const long group = -1_001_005;
        bot.Telegram.SetChatMember(group, 42, "administrator");
        bot.Telegram.SetChatMember(group, 43, "member");

        var messages = await bot.SendAsync(group, "/snap coastal_ivy", m => m.Any(x => x.Buttons.Count > 0), chatType: "supergroup");
        var offer = messages.Single(m => m.Buttons.Count > 0);
        var member = await PressAsync(bot, group, offer.MessageId, "f:s:coastal_ivy", fromUserId: 43);

        Assert.Equal("Only this group's admins can change what it follows.", member.Text);
        Assert.Empty(bot.Services.GetRequiredService<SubscriptionStore>().ForChat(group));
        Assert.NotEmpty(bot.Telegram.TextMessage(group, offer.MessageId)!.Buttons);           // still there for an admin

        var admin = await PressAsync(bot, group, offer.MessageId, "f:s:coastal_ivy", fromUserId: 42);
        Assert.Equal("Following coastal_ivy.", admin.Text);
    }

    private static async Task WithStoryAsync(BotHarness bot, string user, int snaps = 1)
    {
        // Posted minutes ago: a subscription's poll only brings stories still up (24 h).
        var jpeg = await TestMedia.JpegAsync(320, 568);
        var posted = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600;
        bot.Snapchat.SetProfile(new SnapProfile(user)
        {
            Snaps = Enumerable.Range(0, snaps).Select(i => new FakeSnap(SnapIds.Story(user, i), 0, bot.Cdn.AddPhoto(jpeg), posted + i)).ToList(),
        });
    }

    private static async Task<CallbackAnswer> PressAsync(BotHarness bot, long chatId, int messageId, string data, long fromUserId = 42, bool inaccessible = false)
    {
        var id = bot.Telegram.InjectCallbackQuery(chatId, messageId, data, fromUserId, inaccessible);
        await Wait.UntilAsync(() => bot.Telegram.AnswerTo(id) is not null, Timeout);
        return bot.Telegram.AnswerTo(id)!;
    }
}
