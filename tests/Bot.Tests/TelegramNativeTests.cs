using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using StoryBot.Bot.Telegram;
using StoryBot.Core.Storage;
using StoryBot.Tests.Fakes.Media;
using StoryBot.Tests.Fakes.Snapchat;
using StoryBot.Tests.Fakes.Telegram;

namespace StoryBot.Bot.Tests;

/// <summary>What makes the bot feel native to Telegram: its menu, its help, no preview cards, links that just work.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class TelegramNativeTests
{
    private const long Admin = 77;

    [Fact]
    public async Task Help_lists_every_command_of_the_menu_without_a_preview_card()
    {
        await using var bot = await BotHarness.StartAsync();

        var help = await bot.AskAsync(910, "/help");

        Assert.All(PollingService.Commands, command => Assert.Contains($"/{command.Command}", help));
        var call = Assert.Single(bot.Telegram.Calls, c => c.Method == "sendMessage" && c.ChatId == 910);
        Assert.True(JsonNode.Parse(call.Fields["link_preview_options"])!["is_disabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Admins_see_status_in_their_menu_and_nobody_else_does()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?> { ["Telegram:AdminUserIds:0"] = Admin.ToString() });

        var menus = bot.Telegram.Calls.Where(c => c.Method == "setMyCommands").ToList();
        var everyone = Assert.Single(menus, c => !c.Fields.ContainsKey("scope"));
        var admin = Assert.Single(menus, c => c.Fields.ContainsKey("scope"));

        Assert.DoesNotContain("\"status\"", everyone.Fields["commands"]);
        Assert.Contains("\"status\"", admin.Fields["commands"]);
        var scope = JsonNode.Parse(admin.Fields["scope"])!;
        Assert.Equal(("chat", Admin), (scope["type"]!.GetValue<string>(), scope["chat_id"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_profile_link_alone_in_a_private_chat_brings_the_story_and_in_a_group_is_left_alone()
    {
        await using var bot = await BotHarness.StartAsync();
        var jpeg = await TestMedia.JpegAsync(320, 568);
        bot.Snapchat.SetProfile(new SnapProfile("coastal_ivy")
        {
            Snaps = [new FakeSnap(SnapIds.Story("coastal_ivy", 0), 0, bot.Cdn.AddPhoto(jpeg), 1_762_300_000)],
        });

        var story = await bot.SendAsync(920, "https://www.snapchat.com/add/coastal_ivy", m => m.Any(x => x.Kind == "photo"));
        Assert.Single(story, m => m.Kind == "photo");

        bot.Telegram.InjectMessage(-100_920, "https://www.snapchat.com/add/coastal_ivy", chatType: "supergroup");
        await bot.AskAsync(920, "/help");                                           // handled after the group's message
        Assert.Empty(bot.Telegram.MessagesTo(-100_920));
        Assert.Single(bot.Snapchat.Requests);
    }

    [Fact]
    public async Task Accounts_are_links_to_their_profile_never_a_mention_of_a_telegram_user()
    {
        await using var bot = await BotHarness.StartAsync();
        var jpeg = await TestMedia.JpegAsync(320, 568);
        bot.Snapchat.SetProfile(new SnapProfile("coastal_ivy")
        {
            Title = "Ivy",
            Snaps = [new FakeSnap(SnapIds.Story("coastal_ivy", 0), 0, bot.Cdn.AddPhoto(jpeg), 1_762_300_000)],
        });
        bot.Snapchat.SetProfile(new SnapProfile("quiet_quinn"));

        var story = await bot.SendAsync(930, "/snap coastal_ivy", m => m.Any(x => x.Buttons.Count > 0));   // the story, then the offer to follow
        var reply = await bot.AskAsync(930, "/snap quiet_quinn");

        Assert.StartsWith("coastal_ivy (Ivy) · Snapchat story", story.Single(m => m.Kind == "photo").Caption);
        Assert.Equal("quiet_quinn has no story right now.", reply);
        Assert.DoesNotContain(bot.Telegram.MessagesTo(930), m => (m.Text ?? m.Caption ?? "").Contains('@'));
        var photo = Assert.Single(bot.Telegram.Calls, c => c.Method == "sendPhoto" && c.ChatId == 930);
        var captionLink = Assert.Single(JsonNode.Parse(photo.Fields["caption_entities"])!.AsArray());
        Assert.Equal(("text_link", 0, 11, "https://www.snapchat.com/add/coastal_ivy"),
            (captionLink!["type"]!.GetValue<string>(), captionLink["offset"]!.GetValue<int>(), captionLink["length"]!.GetValue<int>(), captionLink["url"]!.GetValue<string>()));
        var text = bot.Telegram.Calls.Last(c => c.Method == "sendMessage" && c.ChatId == 930);
        var textLink = Assert.Single(JsonNode.Parse(text.Fields["entities"])!.AsArray());
        Assert.Equal("https://www.snapchat.com/add/quiet_quinn", textLink!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_command_in_a_forum_topic_is_answered_there_replying_to_it_and_a_subscription_keeps_its_topic()
    {
        await using var bot = await BotHarness.StartAsync();
        var jpeg = await TestMedia.JpegAsync(320, 568);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        bot.Snapchat.SetProfile(new SnapProfile("coastal_ivy")
        {
            Snaps = [new FakeSnap(SnapIds.Story("coastal_ivy", 0), 0, bot.Cdn.AddPhoto(jpeg), now - 600)],
        });
        const long forum = -100_940;
        var snap = $"/snap@{bot.Telegram.BotUsername} coastal_ivy";

        var (_, commandId) = bot.Telegram.InjectMessage(forum, snap, 42, "supergroup", threadId: 7);
        await bot.Telegram.WaitForMessagesAsync(forum, m => m.Any(x => x.Kind == "photo"), TimeSpan.FromSeconds(30));

        var photo = Assert.Single(bot.Telegram.Calls, c => c.Method == "sendPhoto" && c.ChatId == forum);
        Assert.Equal("7", photo.Fields["message_thread_id"]);
        var reply = JsonNode.Parse(photo.Fields["reply_parameters"])!;
        Assert.Equal(commandId, reply["message_id"]!.GetValue<int>());
        Assert.True(reply["allow_sending_without_reply"]!.GetValue<bool>());
        Assert.All(bot.Telegram.Calls.Where(c => c.Method == "sendChatAction" && c.ChatId == forum), c => Assert.Equal("7", c.Fields["message_thread_id"]));

        // Subscribed from topic 9: what is new comes into topic 9, not as a reply; the confirmation answers the command.
        bot.Snapchat.SetProfile(new SnapProfile("coastal_ivy")
        {
            Snaps = [new FakeSnap(SnapIds.Story("coastal_ivy", 0), 0, bot.Cdn.AddPhoto(jpeg), now - 600), new FakeSnap(SnapIds.Story("coastal_ivy", 1), 0, bot.Cdn.AddPhoto(jpeg), now - 300)],
        });
        bot.Telegram.SetChatMember(forum, 42, "administrator");
        var (_, subscribeId) = bot.Telegram.InjectMessage(forum, $"/subscribe@{bot.Telegram.BotUsername} snap coastal_ivy", 42, "supergroup", threadId: 9);
        await bot.Telegram.WaitForMessagesAsync(forum, m => m.Count(x => x.Kind == "photo") >= 2, TimeSpan.FromSeconds(30));

        var delivered = bot.Telegram.Calls.Last(c => c.Method == "sendPhoto" && c.ChatId == forum);
        Assert.Equal("9", delivered.Fields["message_thread_id"]);
        Assert.False(delivered.Fields.ContainsKey("reply_parameters"));
        var following = bot.Telegram.Calls.First(c => c.Method == "sendMessage" && c.ChatId == forum && c.Fields["text"].StartsWith("Following", StringComparison.Ordinal));
        Assert.Equal(subscribeId, JsonNode.Parse(following.Fields["reply_parameters"])!["message_id"]!.GetValue<int>());
        Assert.Equal("9", following.Fields["message_thread_id"]);
    }

    [Fact]
    public async Task Only_a_groups_admins_change_what_it_follows()
    {
        await using var bot = await BotHarness.StartAsync();
        bot.Snapchat.SetProfile(new SnapProfile("coastal_ivy"));
        var store = bot.Services.GetRequiredService<SubscriptionStore>();
        const long group = -100_960;
        var subscribe = $"/subscribe@{bot.Telegram.BotUsername} snap coastal_ivy";

        var refused = await bot.SendAsync(group, subscribe, m => m.Count >= 1, fromUserId: 61, chatType: "supergroup");
        Assert.Equal("Only this group's admins can change what it follows.", Assert.Single(refused).Text);
        Assert.Empty(store.ForChat(group));
        Assert.Empty(bot.Snapchat.Requests);

        bot.Telegram.SetChatMember(group, 62, "creator");
        var followed = await bot.SendAsync(group, subscribe, m => m.Count >= 2, fromUserId: 62, chatType: "supergroup");
        Assert.StartsWith("Following coastal_ivy", followed[0].Text);
        Assert.Single(store.ForChat(group));

        var notYours = await bot.SendAsync(group, $"/unsubscribe@{bot.Telegram.BotUsername} snap coastal_ivy", m => m.Count >= 1, fromUserId: 61, chatType: "supergroup");
        Assert.Equal("Only this group's admins can change what it follows.", Assert.Single(notYours).Text);
        Assert.Single(store.ForChat(group));
    }

    [Fact]
    public async Task A_video_has_the_sites_poster_as_its_cover_or_else_its_thumbnail()
    {
        await using var bot = await BotHarness.StartAsync();
        var video = await TestMedia.H264Mp4Async(720, 1280, 2);
        var poster = await TestMedia.JpegAsync(720, 1280);
        var png = await TestMedia.PngAsync(720, 1280);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        bot.Snapchat.SetProfile(new SnapProfile("clip_maker")
        {
            Snaps =
            [
                new FakeSnap(SnapIds.Story("clip_maker", 0), 1, bot.Cdn.AddVideo(video), now - 300, PreviewUrl: bot.Cdn.AddPhoto(poster)),
                new FakeSnap(SnapIds.Story("clip_maker", 1), 1, bot.Cdn.AddVideo(video), now - 200),
                new FakeSnap(SnapIds.Story("clip_maker", 2), 1, bot.Cdn.AddVideo(video), now - 100, PreviewUrl: bot.Cdn.AddPhoto(png)),
            ],
        });

        var videos = (await bot.SendAsync(940, "/snap clip_maker", m => m.Count(x => x.Kind == "video") >= 3)).Where(m => m.Kind == "video").ToList();

        Assert.Equal(Sha256(poster), videos[0].Cover?.Sha256Hex);                              // the site's own poster
        Assert.Equal(videos[1].Thumbnail!.Sha256Hex, videos[1].Cover?.Sha256Hex);             // none given: our thumbnail
        Assert.Equal(videos[2].Thumbnail!.Sha256Hex, videos[2].Cover?.Sha256Hex);             // not a JPEG Telegram takes: our thumbnail
        Assert.Empty(await bot.LeftoverFilesAsync());
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
}
