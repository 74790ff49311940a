using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;
using StoryBot.Core.Subscriptions;
using StoryBot.Tests.Fakes.Media;
using StoryBot.Tests.Fakes.Snapchat;
using StoryBot.Tests.Fakes.Telegram;

namespace StoryBot.Bot.Tests;

/// <summary>Subscriptions end to end: the real host, a real LiteDB file, the fakes, and every story exactly once.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class SubscriptionTests : IAsyncLifetime
{
    private const long Admin = 77;
    private BotHarness _bot = null!;
    private string _jpeg = null!;
    private readonly List<FakeSnap> _story = [];

    public async Task InitializeAsync()
    {
        _bot = await BotHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Telegram:AdminUserIds:0"] = Admin.ToString(),
            ["Subscriptions:MaxPerChat"] = "3",
        });
        _jpeg = await TestMedia.JpegAsync(720, 1280);
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    /// <summary>Adds a snap to coastal_ivy's story (as the site would show it) and returns its CDN URL.</summary>
    private string PostSnap(string user = "coastal_ivy")
    {
        var url = _bot.Cdn.AddPhoto(_jpeg);
        _story.Add(new FakeSnap(SnapIds.Story(user, _story.Count), 0, url, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600 + _story.Count));
        _bot.Snapchat.SetProfile(new SnapProfile(user) { Snaps = _story.ToList() });
        return url;
    }

    private IReadOnlyList<SentMessage> Photos(long chatId) => _bot.Telegram.MessagesTo(chatId).Where(m => m.Kind == "photo").ToList();

    [Fact]
    public async Task Subscribe_brings_the_current_story_then_only_what_is_new()
    {
        PostSnap();
        PostSnap();

        var first = await _bot.SendAsync(800, "/subscribe snap coastal_ivy", m => m.Count(x => x.Kind == "photo") >= 2);
        Assert.StartsWith("Following coastal_ivy on Snapchat", first[0].Text);
        Assert.Single(first.Where(m => m.Kind == "photo").Select(m => m.MediaGroupId).Distinct());

        var nothing = await _bot.AskAsync(800, "/poll");
        Assert.Equal("Nothing new from the 1 account this chat follows.", nothing);

        var url = PostSnap();
        var fresh = await _bot.SendAsync(800, "/poll", m => m.Count >= 1);
        var photo = Assert.Single(fresh);
        Assert.Equal("photo", photo.Kind);
        Assert.Equal(3, Photos(800).Count);
        Assert.Equal(1, _bot.Cdn.RequestCount(url));

        var list = await _bot.AskAsync(800, "/subscriptions");
        Assert.Contains("• Snapchat coastal_ivy — checked just now, last delivered just now", list);
    }

    [Fact]
    public async Task Two_chats_on_one_account_cost_one_download_and_one_upload_per_item()
    {
        var first = PostSnap();
        await _bot.SendAsync(801, "/subscribe snap coastal_ivy", m => m.Any(x => x.Kind == "photo"));
        await _bot.SendAsync(802, "/subscribe snap https://www.snapchat.com/add/coastal_ivy", m => m.Any(x => x.Kind == "photo"));

        Assert.Equal(1, _bot.Cdn.RequestCount(first));                      // the second chat needed no download
        Assert.NotNull(Photos(801).Single().Upload);
        Assert.Null(Photos(802).Single().Upload);                           // sent by file_id
        Assert.Equal(Photos(801).Single().FileId, Photos(802).Single().FileId);
    }

    [Fact]
    public async Task A_scheduled_poll_fetches_once_and_sends_to_every_follower_once()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Schedule:Snapchat:Interval"] = "00:00:02",
            ["Schedule:Tick"] = "00:00:00.100",
        });
        var jpeg = await TestMedia.JpegAsync(720, 1280);
        var snaps = new List<FakeSnap> { new(SnapIds.Story("coastal_ivy", 0), 0, bot.Cdn.AddPhoto(jpeg), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60) };
        bot.Snapchat.SetProfile(new SnapProfile("coastal_ivy") { Snaps = snaps });
        foreach (var chat in new long[] { 811, 812, 813 })
            await bot.SendAsync(chat, "/subscribe snap coastal_ivy", m => m.Any(x => x.Kind == "photo"));

        var url = bot.Cdn.AddPhoto(jpeg);
        snaps.Add(new FakeSnap(SnapIds.Story("coastal_ivy", 1), 0, url, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        bot.Snapchat.SetProfile(new SnapProfile("coastal_ivy") { Snaps = snaps });
        foreach (var chat in new long[] { 811, 812, 813 })
            await bot.Telegram.WaitForMessagesAsync(chat, m => m.Count(x => x.Kind == "photo") >= 2, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3));                          // more polls happen; nothing more is sent

        Assert.Equal(1, bot.Cdn.RequestCount(url));
        var sends = new long[] { 811, 812, 813 }.Select(chat => bot.Telegram.MessagesTo(chat).Last(m => m.Kind == "photo")).ToList();
        Assert.Single(sends, m => m.Upload is not null);                    // one upload, the rest by file_id
        Assert.All(new long[] { 811, 812, 813 }, chat => Assert.Equal(2, bot.Telegram.MessagesTo(chat).Count(m => m.Kind == "photo")));
    }

    [Fact]
    public async Task Snap_then_subscribe_at_once_sends_each_item_once()
    {
        PostSnap();
        PostSnap();
        PostSnap();

        _bot.Telegram.InjectMessage(809, "/snap coastal_ivy");
        _bot.Telegram.InjectMessage(809, "/subscribe snap coastal_ivy");
        await _bot.Telegram.WaitForMessagesAsync(809, m => m.Count(x => x.Kind == "photo") >= 3 && m.Any(x => x.Text?.StartsWith("Following") == true), TimeSpan.FromSeconds(30));
        Assert.Equal("Nothing new from the 1 account this chat follows.", await _bot.AskAsync(809, "/poll"));

        Assert.Equal(3, Photos(809).Count);
    }

    [Fact]
    public async Task A_remembered_file_id_telegram_refuses_is_forgotten_and_the_item_uploaded_next_time()
    {
        var url = PostSnap();
        await _bot.SendAsync(810, "/subscribe snap coastal_ivy", m => m.Any(x => x.Kind == "photo"));
        // Telegram no longer knows the file_id (the bot's token changed, say) when chat 811 subscribes.
        _bot.Telegram.AddFault(new TelegramFault("sendPhoto", 400, "Bad Request: wrong file identifier/HTTP URL specified", ChatId: 811, Times: 1));
        await _bot.SendAsync(811, "/subscribe snap coastal_ivy", m => m.Count >= 1);
        await Task.Delay(500);
        Assert.Empty(Photos(811));

        await _bot.SendAsync(811, "/poll", m => m.Any(x => x.Kind == "photo"));

        var photo = Assert.Single(Photos(811));
        Assert.NotNull(photo.Upload);                                       // uploaded afresh, not by the stale id
        Assert.Equal(2, _bot.Cdn.RequestCount(url));
    }

    [Fact]
    public async Task Subscribing_to_an_account_that_does_not_exist_keeps_nothing()
    {
        var replies = await _bot.SendAsync(812, "/subscribe snap ghost_user", m => m.Count >= 2);

        Assert.Contains("I couldn't find a Snapchat account called ghost_user. Not following it.", replies[1].Text);
        Assert.Empty(_bot.Services.GetRequiredService<SubscriptionStore>().ForChat(812));
    }

    [Fact]
    public async Task A_failed_send_is_retried_at_the_next_poll_and_arrives_once()
    {
        PostSnap();
        _bot.Telegram.AddFault(new TelegramFault("sendPhoto", 400, "Bad Request: IMAGE_PROCESS_FAILED", ChatId: 803, Times: 1));

        await _bot.SendAsync(803, "/subscribe snap coastal_ivy", m => m.Count >= 1);
        await Task.Delay(1000);
        Assert.Empty(Photos(803));
        Assert.DoesNotContain(_bot.Telegram.MessagesTo(803), m => m.Text?.Contains("could not be sent") == true);   // not yet: it will be retried

        await _bot.SendAsync(803, "/poll", m => m.Any(x => x.Kind == "photo"));
        await _bot.AskAsync(803, "/poll");
        Assert.Single(Photos(803));
    }

    [Fact]
    public async Task After_a_restart_on_the_same_database_nothing_is_sent_again()
    {
        PostSnap();
        PostSnap();
        await _bot.SendAsync(804, "/subscribe snap coastal_ivy", m => m.Count(x => x.Kind == "photo") >= 2);

        await _bot.RestartAsync();

        Assert.Equal("Nothing new from the 1 account this chat follows.", await _bot.AskAsync(804, "/poll"));
        Assert.Equal(2, Photos(804).Count);
        Assert.Contains("coastal_ivy", await _bot.AskAsync(804, "/subscriptions"));
    }

    [Fact]
    public async Task A_blocked_chat_is_paused_and_resumes_when_it_writes_again()
    {
        PostSnap();
        _bot.Telegram.AddFault(new TelegramFault("sendPhoto", 403, "Forbidden: bot was blocked by the user", ChatId: 805, Times: 1));
        _bot.Telegram.InjectMessage(805, "/subscribe snap coastal_ivy");
        await _bot.Telegram.WaitForCallAsync(c => c.Method == "sendPhoto" && c.ChatId == 805 && c.StatusCode == 403, TimeSpan.FromSeconds(30));

        var store = _bot.Services.GetRequiredService<SubscriptionStore>();
        await Wait.UntilAsync(() => store.IsPaused(805));
        Assert.Empty(store.Followers(Platform.Snapchat, "coastal_ivy"));     // no poll sends there any more

        await _bot.AskAsync(805, "/help");                                   // the user unblocked the bot and wrote
        Assert.False(store.IsPaused(805));
        await _bot.SendAsync(805, "/poll", m => m.Any(x => x.Kind == "photo"));
    }

    [Fact]
    public async Task A_group_upgraded_to_a_supergroup_keeps_its_subscriptions_and_gets_nothing_twice()
    {
        const long group = -820, supergroup = -1000000000820;
        PostSnap();
        PostSnap();
        await _bot.SendAsync(group, "/subscribe snap coastal_ivy", m => m.Count(x => x.Kind == "photo") >= 2);

        // The upgrade: Telegram posts a service message in the old group (and, in the new one, its mirror).
        _bot.Telegram.InjectUpdate("message", new JsonObject
        {
            ["message_id"] = 900,
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["chat"] = new JsonObject { ["id"] = group, ["type"] = "group", ["title"] = "Ivy fans" },
            ["from"] = new JsonObject { ["id"] = 42, ["is_bot"] = false, ["first_name"] = "Test" },
            ["migrate_to_chat_id"] = supergroup,
        });
        _bot.Telegram.InjectUpdate("message", new JsonObject
        {
            ["message_id"] = 1,
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["chat"] = new JsonObject { ["id"] = supergroup, ["type"] = "supergroup", ["title"] = "Ivy fans" },
            ["from"] = new JsonObject { ["id"] = 42, ["is_bot"] = false, ["first_name"] = "Test" },
            ["migrate_from_chat_id"] = group,
        });
        var store = _bot.Services.GetRequiredService<SubscriptionStore>();
        await Wait.UntilAsync(() => store.ForChat(supergroup).Count == 1);

        Assert.Empty(store.ForChat(group));
        Assert.Contains("coastal_ivy", await _bot.AskAsync(supergroup, "/subscriptions"));
        Assert.Equal("Nothing new from the 1 account this chat follows.", await _bot.AskAsync(supergroup, "/poll"));
        PostSnap();
        var fresh = await _bot.SendAsync(supergroup, "/poll", m => m.Any(x => x.Kind == "photo"));
        Assert.Single(fresh, m => m.Kind == "photo");                       // only the new snap, not the two it had
        Assert.Equal(2, Photos(group).Count);
    }

    [Fact]
    public async Task A_send_refused_because_the_group_was_upgraded_moves_it_and_delivers_at_the_new_id_at_once()
    {
        const long group = -821, supergroup = -1000000000821;
        PostSnap();
        await _bot.SendAsync(group, "/subscribe snap coastal_ivy", m => m.Any(x => x.Kind == "photo"));
        // Upgraded without the bot hearing of it: Telegram refuses everything for the old id and names the new one.
        _bot.Telegram.AddFault(new TelegramFault("*", 400, "Bad Request: group chat was upgraded to a supergroup chat",
            ChatId: group, Times: 0, MigrateToChatId: supergroup));
        PostSnap();
        PostSnap();

        // What the scheduler runs for a due account.
        var poller = _bot.Services.GetRequiredService<AccountPoller>();
        var poll = await poller.PollAsync(Platform.Snapchat, "coastal_ivy", onlyChat: null, CancellationToken.None);

        Assert.Equal(2, poll.Delivery!.Delivered.Count(d => d.ChatId == supergroup));   // in the same poll, not the next
        var album = Photos(supergroup);
        Assert.Equal(2, album.Count);
        Assert.Single(album.Select(m => m.MediaGroupId).Distinct());
        Assert.Single(Photos(group));
        Assert.Equal([supergroup], _bot.Services.GetRequiredService<SubscriptionStore>().Followers(Platform.Snapchat, "coastal_ivy").Select(s => s.ChatId));
        Assert.Equal(0, (await poller.PollAsync(Platform.Snapchat, "coastal_ivy", onlyChat: null, CancellationToken.None)).NewItems);
        Assert.DoesNotContain(_bot.Telegram.MessagesTo(supergroup), m => m.Kind == "text");          // no failure report
    }

    [Fact]
    public async Task A_snap_in_a_group_upgraded_while_its_story_is_on_the_way_arrives_at_the_new_id()
    {
        const long group = -822, supergroup = -1000000000822;
        PostSnap();
        PostSnap();
        _bot.Telegram.AddFault(new TelegramFault("*", 400, "Bad Request: group chat was upgraded to a supergroup chat",
            ChatId: group, Times: 0, MigrateToChatId: supergroup));

        _bot.Telegram.InjectMessage(group, "/snap coastal_ivy");
        var arrived = await _bot.Telegram.WaitForMessagesAsync(supergroup, m => m.Count(x => x.Kind == "photo") >= 2, TimeSpan.FromSeconds(30));

        Assert.Single(arrived.Where(m => m.Kind == "photo").Select(m => m.MediaGroupId).Distinct());   // one album, not lost
        Assert.Empty(Photos(group));

        // A plain reply follows the group too.
        _bot.Telegram.InjectMessage(group, "/snap nobody_here");
        var reply = await _bot.Telegram.WaitForMessagesAsync(supergroup, m => m.Any(x => x.Text?.Contains("nobody_here") == true), TimeSpan.FromSeconds(30));
        Assert.Contains(reply, m => m.Text == "I couldn't find a Snapchat account called nobody_here.");
    }

    [Fact]
    public async Task A_group_upgraded_between_two_albums_of_a_snap_keeps_the_first_and_gets_only_the_rest_at_the_new_id()
    {
        const long group = -823, supergroup = -1000000000823;
        for (var i = 0; i < 11; i++)
            PostSnap();

        _bot.Telegram.InjectMessage(group, "/snap coastal_ivy");
        await _bot.Telegram.WaitForMessagesAsync(group, m => m.Count(x => x.Kind == "photo") >= 10, TimeSpan.FromSeconds(30));
        // Part 2 waits for the group's pacing (3 s): the upgrade happens in between.
        _bot.Telegram.AddFault(new TelegramFault("*", 400, "Bad Request: group chat was upgraded to a supergroup chat",
            ChatId: group, Times: 0, MigrateToChatId: supergroup));
        var rest = await _bot.Telegram.WaitForMessagesAsync(supergroup, m => m.Any(x => x.Kind == "photo"), TimeSpan.FromSeconds(30));
        await Task.Delay(500);

        Assert.Equal(10, Photos(group).Count);                               // part 1 stays in the group's history
        Assert.Single(Photos(supergroup));                                   // only the 11th follows, not the story again
        Assert.Single(rest, m => m.Kind == "photo");
    }

    [Fact]
    public async Task Friendly_answers_for_duplicates_unknown_accounts_limits_and_bad_input()
    {
        _bot.Snapchat.SetProfile(new SnapProfile("one_a") { StoryForm = StoryForm.Null });
        _bot.Snapchat.SetProfile(new SnapProfile("two_b") { StoryForm = StoryForm.Null });
        _bot.Snapchat.SetProfile(new SnapProfile("three_c") { StoryForm = StoryForm.Null });

        Assert.Equal(SubscriptionUsage, await _bot.AskAsync(806, "/subscribe"));
        Assert.Contains("Choose snap or insta", await _bot.AskAsync(806, "/subscribe tiktok someone"));
        Assert.Contains("is not a Snapchat username", await _bot.AskAsync(806, "/subscribe snap ../x"));
        Assert.Empty(_bot.Snapchat.Requests);

        foreach (var user in new[] { "one_a", "two_b", "three_c" })
            await _bot.SendAsync(806, $"/subscribe snap {user}", m => m.Count >= 2);
        Assert.Equal("This chat already follows one_a on Snapchat.", await _bot.AskAsync(806, "/subscribe snap one_a"));
        Assert.Contains("follows 3 accounts, the most it can", await _bot.AskAsync(806, "/subscribe snap four_d"));
        Assert.Contains("does not follow nobody_x", await _bot.AskAsync(806, "/unsubscribe snap nobody_x"));
        Assert.Equal("Stopped following two_b on Snapchat.", await _bot.AskAsync(806, "/unsubscribe snap two_b"));
        Assert.Contains("This chat follows 2:", await _bot.AskAsync(806, "/subscriptions"));
    }

    private const string SubscriptionUsage = "Usage: /subscribe <snap|insta> <username or profile link> [@channel]\nExample: /subscribe snap coastal_ivy";

    [Fact]
    public async Task Status_is_for_admins_only()
    {
        PostSnap();
        await _bot.SendAsync(Admin, "/subscribe snap coastal_ivy", m => m.Any(x => x.Kind == "photo"));

        var status = await _bot.AskAsync(Admin, "/status", fromUserId: Admin);
        Assert.Contains("Subscriptions: 1 in 1 chats, 1 accounts", status);
        Assert.Contains("Last 24 h: 1 delivered, 0 failed", status);
        Assert.Matches(@"Instagram session: set, since \d{4}-\d\d-\d\d \d\d:\d\d UTC \(Instagram:SessionId\), ok", status);
        Assert.DoesNotContain(_bot.Instagram.ValidSessionId, status);

        Assert.Equal(Replies_UnknownCommand, await _bot.AskAsync(807, "/status", fromUserId: 807));
    }

    private const string Replies_UnknownCommand = "I don't know that command. Send /help to see what I can do.";

    [Fact]
    public async Task Users_outside_the_allow_list_cannot_subscribe_and_nothing_is_fetched()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?> { ["Telegram:AllowedUserIds:0"] = "42" });
        Assert.Equal("Sorry, this bot is private.", await bot.AskAsync(808, "/subscribe snap coastal_ivy", fromUserId: 666));
        Assert.Empty(bot.Snapchat.Requests);
        Assert.Equal(0, bot.Services.GetRequiredService<SubscriptionStore>().Count());
    }
}
