using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;

namespace StoryBot.Core.Tests.Subscriptions;

/// <summary>Instagram ids kept for good, and a renamed account's subscriptions and records following it, on a real LiteDB file.</summary>
public sealed class AccountRenameTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("storybot-rename-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-03-01T12:00:00Z"));

    private StoryDatabase Open() => new(
        Options.Create(new StorageOptions { DatabasePath = Path.Combine(_folder, "bot.db") }), NullLogger<StoryDatabase>.Instance);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Ids_survive_reopening_and_a_username_belongs_to_one_account_at_a_time()
    {
        using (var database = Open())
        {
            var store = new InstagramAccountStore(database, _time);
            store.Save(new InstagramAccount("111", "River.Lane", "River Lane", false));
        }

        using (var database = Open())
        {
            var store = new InstagramAccountStore(database, _time);
            Assert.Equal(new InstagramAccount("111", "river.lane", "River Lane", false), store.ByUsername("RIVER.LANE"));

            // 111 renames itself; then someone else (222) takes the old name.
            store.Save(new InstagramAccount("111", "river.films", null, true));
            store.Save(new InstagramAccount("222", "river.lane", null, false));

            Assert.Equal(new InstagramAccount("111", "river.films", "River Lane", true), store.ById("111"));
            Assert.Equal("222", store.ByUsername("river.lane")!.Id);
            Assert.Equal(2, store.Count());
        }
    }

    [Fact]
    public void A_rename_moves_subscriptions_schedule_and_deliveries_to_the_new_name()
    {
        using var database = Open();
        var subscriptions = new SubscriptionStore(database, _time);
        var states = new AccountStateStore(database);
        var ledger = new DeliveryLedger(database, Options.Create(new StorageOptions()), _time);
        subscriptions.Add(1, Platform.Instagram, "river.lane", 42, maxPerChat: 5, threadId: 7);
        subscriptions.Add(2, Platform.Instagram, "river.lane", 42, maxPerChat: 5);
        subscriptions.Add(2, Platform.Instagram, "river.films", 42, maxPerChat: 5);   // chat 2 already follows the new name
        states.RecordCheck(Platform.Instagram, "river.lane", "Ok", _time.GetUtcNow());
        ledger.RecordDelivered(1, new StoryAccount(Platform.Instagram, "river.lane"), new StoryItem("3760012345678901234", MediaKind.Photo, null, _time.GetUtcNow(), 0), "file-1");
        var version = subscriptions.Version;

        ledger.RenameAccount(Platform.Instagram, "river.lane", "river.films");
        states.RenameAccount(Platform.Instagram, "river.lane", "river.films");
        subscriptions.RenameAccount(Platform.Instagram, "river.lane", "river.films");

        Assert.NotEqual(version, subscriptions.Version);   // the scheduler sees the change
        Assert.Empty(subscriptions.Followers(Platform.Instagram, "river.lane"));
        Assert.Equal([(1L, (int?)7), (2L, (int?)null)], subscriptions.Followers(Platform.Instagram, "river.films").Select(s => (s.ChatId, s.ThreadId)).OrderBy(s => s.Item1));
        Assert.Equal("Ok", states.Find(Platform.Instagram, "river.films")!.LastOutcome);
        Assert.Null(states.Find(Platform.Instagram, "river.lane"));
        Assert.Contains("3760012345678901234", ledger.Settled(1, Platform.Instagram, "river.films"));
        Assert.Empty(ledger.Settled(1, Platform.Instagram, "river.lane"));
    }
}
