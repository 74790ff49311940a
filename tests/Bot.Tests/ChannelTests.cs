using Microsoft.Extensions.DependencyInjection;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;
using StoryBot.Tests.Fakes.Media;
using StoryBot.Tests.Fakes.Snapchat;
using StoryBot.Tests.Fakes.Telegram;

namespace StoryBot.Bot.Tests;

/// <summary>Channels as targets: set up from a private chat by the channel's admins, delivered like any chat, paused without rights.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ChannelTests
{
    private const long Channel = -1_001_234_567_890;
    private const long Owner = 42;
    private const long Stranger = 43;

    [Fact]
    public async Task A_channel_admin_subscribes_the_channel_from_a_private_chat_and_the_story_goes_to_the_channel()
    {
        await using var bot = await StartAsync();
        await PostSnapAsync(bot, 0);

        var replies = await bot.SendAsync(Owner, "/subscribe snap coastal_ivy @ivy_fans", m => m.Count >= 1);
        var stories = await bot.Telegram.WaitForMessagesAsync(Channel, m => m.Any(x => x.Kind == "photo"), TimeSpan.FromSeconds(60));

        Assert.Equal("Ivy fans now follows coastal_ivy on Snapchat. Its current story goes there now; new stories will follow by themselves.", Assert.Single(replies).Text);
        Assert.Contains("· Snapchat story", Assert.Single(stories).Caption);
        Assert.DoesNotContain(bot.Telegram.MessagesTo(Owner), m => m.Kind == "photo");
        var subscription = Assert.Single(bot.Services.GetRequiredService<SubscriptionStore>().ForChat(Channel));
        Assert.Equal(("coastal_ivy", (long?)Owner), (subscription.Username, subscription.AddedBy));

        var list = Assert.Single(await bot.SendAsync(Owner, "/subscriptions @ivy_fans", m => m.Count >= 1));
        Assert.StartsWith("Ivy fans follows 1:", list.Text);
        Assert.Equal($"u:s:coastal_ivy:{Channel}", Assert.Single(list.Buttons).Data);

        var unsubscribed = await bot.AskAsync(Owner, "/unsubscribe snap coastal_ivy @ivy_fans");
        Assert.Equal("Ivy fans stopped following coastal_ivy on Snapchat.", unsubscribed);
        Assert.Empty(bot.Services.GetRequiredService<SubscriptionStore>().ForChat(Channel));
    }

    [Fact]
    public async Task Each_missing_right_is_named_and_nothing_is_subscribed()
    {
        await using var bot = await StartAsync(botIsAdmin: false);
        bot.Telegram.AddChannel(-1_009_999_999_999, "ivy_group_chat", "Not a channel");

        Assert.Equal("I'm not an administrator of Ivy fans. Add me as an administrator allowed to post messages, then try again.",
            await bot.AskAsync(Owner, "/subscribe snap coastal_ivy @ivy_fans"));

        bot.Telegram.SetChatMember(Channel, bot.Telegram.BotId, "administrator", canPostMessages: false);
        Assert.Equal("I'm an administrator of Ivy fans but may not post messages there. Allow me to post messages, then try again.",
            await bot.AskAsync(Owner, "/subscribe snap coastal_ivy @ivy_fans"));

        bot.Telegram.SetChatMember(Channel, bot.Telegram.BotId, "administrator");
        Assert.Equal("Only the owner and administrators of Ivy fans can change what it follows.",
            await bot.AskAsync(Stranger, "/subscribe snap coastal_ivy @ivy_fans", fromUserId: Stranger));
        Assert.Equal("Only the owner and administrators of Ivy fans can change what it follows.",
            await bot.AskAsync(Stranger, "/subscriptions @ivy_fans", fromUserId: Stranger));

        Assert.Equal("I can't find the channel @nobody_here. Check the name, and add me to it as an administrator first.",
            await bot.AskAsync(Owner, "/subscribe snap coastal_ivy @nobody_here"));
        Assert.StartsWith("“#fans” is not a channel.", await bot.AskAsync(Owner, "/subscribe snap coastal_ivy #fans"));
        Assert.StartsWith("A channel is set up from a private chat with me",
            Assert.Single(await bot.SendAsync(-100_700, "/subscribe snap coastal_ivy @ivy_fans", m => m.Count >= 1, chatType: "supergroup")).Text);

        Assert.Equal(0, bot.Services.GetRequiredService<SubscriptionStore>().Count());
        Assert.Empty(bot.Snapchat.Requests);
        Assert.Empty(bot.Telegram.MessagesTo(Channel));
    }

    [Fact]
    public async Task A_channel_where_the_bot_lost_the_right_to_post_pauses_and_resumes_when_it_is_back()
    {
        await using var bot = await StartAsync(settings: new Dictionary<string, string?>
        {
            ["Schedule:Snapchat:Interval"] = "00:00:02",
            ["Schedule:Tick"] = "00:00:00.100",
        });
        var snaps = await PostSnapAsync(bot, 0);
        await bot.SendAsync(Owner, "/subscribe snap coastal_ivy @ivy_fans", m => m.Count >= 1);
        await bot.Telegram.WaitForMessagesAsync(Channel, m => m.Count(x => x.Kind == "photo") == 1, TimeSpan.FromSeconds(60));
        var store = bot.Services.GetRequiredService<SubscriptionStore>();

        // An owner takes "post messages" away; the next story cannot go out, and the channel pauses.
        bot.Telegram.SetChatMember(Channel, bot.Telegram.BotId, "administrator", canPostMessages: false);
        await PostSnapAsync(bot, 1, snaps);
        await Wait.UntilAsync(() => store.IsPaused(Channel), TimeSpan.FromSeconds(30));
        var refused = bot.Telegram.Calls.Where(c => c.ChatId == Channel && c.StatusCode == 400).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, c => Assert.Equal("Bad Request: need administrator rights in the channel chat", c.ErrorDescription));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(refused.Count, bot.Telegram.Calls.Count(c => c.ChatId == Channel && c.StatusCode == 400));   // paused: not tried again and again

        // The right comes back: Telegram says so with my_chat_member, and the story that was missed arrives once.
        bot.Telegram.InjectMyChatMember(Channel, "administrator", "administrator", canPostMessages: true);
        var stories = await bot.Telegram.WaitForMessagesAsync(Channel, m => m.Count(x => x.Kind == "photo") == 2, TimeSpan.FromSeconds(30));
        Assert.False(store.IsPaused(Channel));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(2, bot.Telegram.MessagesTo(Channel).Count(m => m.Kind == "photo"));
    }

    [Fact]
    public async Task A_command_posted_in_the_channel_is_answered_in_the_channel()
    {
        await using var bot = await StartAsync();
        await PostSnapAsync(bot, 0);

        bot.Telegram.InjectChannelPost(Channel, "/snap coastal_ivy");
        var messages = await bot.Telegram.WaitForMessagesAsync(Channel, m => m.Any(x => x.Kind == "photo"), TimeSpan.FromSeconds(60));

        Assert.Contains("· Snapchat story", messages.First(m => m.Kind == "photo").Caption);
    }

    private static async Task<BotHarness> StartAsync(bool botIsAdmin = true, Dictionary<string, string?>? settings = null)
    {
        var bot = await BotHarness.StartAsync(settings);
        bot.Telegram.AddChannel(Channel, "ivy_fans", "Ivy fans");
        bot.Telegram.SetChatMember(Channel, Owner, "creator");
        bot.Telegram.SetChatMember(Channel, Stranger, "member");
        if (botIsAdmin)
            bot.Telegram.SetChatMember(Channel, bot.Telegram.BotId, "administrator");
        return bot;
    }

    private static async Task<List<FakeSnap>> PostSnapAsync(BotHarness bot, int index, List<FakeSnap>? snaps = null)
    {
        snaps ??= [];
        var jpeg = await TestMedia.JpegAsync(320, 568);
        snaps.Add(new FakeSnap(SnapIds.Story("coastal_ivy", index), 0, bot.Cdn.AddPhoto(jpeg), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60 + index));
        bot.Snapchat.SetProfile(new SnapProfile("coastal_ivy") { Snaps = snaps });
        return snaps;
    }
}
