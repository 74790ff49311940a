using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;

namespace StoryBot.Bot.Tests;

/// <summary>
/// A paused chat (the bot was blocked or removed) resumes on any sign of life, not only on a text message, which
/// privacy mode keeps from the bot.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ChatMembershipTests
{
    [Fact]
    public async Task Being_removed_pauses_and_being_re_added_resumes_the_groups_subscriptions()
    {
        await using var bot = await BotHarness.StartAsync();
        var store = bot.Services.GetRequiredService<SubscriptionStore>();
        const long group = -100_850;
        store.Add(group, Platform.Snapchat, "coastal_ivy", 42, 50);

        bot.Telegram.InjectMyChatMember(group, "member", "left");
        await Wait.UntilAsync(() => store.IsPaused(group));
        Assert.Empty(store.Followers(Platform.Snapchat, "coastal_ivy"));

        bot.Telegram.InjectMyChatMember(group, "left", "member");
        await Wait.UntilAsync(() => !store.IsPaused(group));
        Assert.Equal([group], store.Followers(Platform.Snapchat, "coastal_ivy").Select(s => s.ChatId));
    }

    [Fact]
    public async Task A_message_without_text_resumes_a_paused_chat()
    {
        await using var bot = await BotHarness.StartAsync();
        var store = bot.Services.GetRequiredService<SubscriptionStore>();
        store.Add(851, Platform.Snapchat, "coastal_ivy", 42, 50);
        store.SetPaused(851, true);

        bot.Telegram.InjectUpdate("message", new JsonObject
        {
            ["message_id"] = 1,
            ["from"] = new JsonObject { ["id"] = 851, ["is_bot"] = false, ["first_name"] = "Test" },
            ["chat"] = new JsonObject { ["id"] = 851, ["type"] = "private", ["first_name"] = "Test" },
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["sticker"] = new JsonObject
            {
                ["file_id"] = "CAACAgIAAxkBAAIB",
                ["file_unique_id"] = "AgADAgAD",
                ["type"] = "regular",
                ["width"] = 512,
                ["height"] = 512,
                ["is_animated"] = false,
                ["is_video"] = false,
            },
        });

        await Wait.UntilAsync(() => !store.IsPaused(851));
        Assert.Empty(bot.Telegram.MessagesTo(851));                                 // nothing to answer to a sticker
    }
}
