using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StoryBot.Core.Delivery;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;

namespace StoryBot.Core.Tests.Subscriptions;

/// <summary>The subscription store and delivery ledger on a real LiteDB file.</summary>
public sealed class StorageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("storybot-db-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2025-11-05T12:00:00Z"));
    private static readonly StoryAccount Account = new(Platform.Snapchat, "coastal_ivy");

    private StoryDatabase Open() => new(
        Options.Create(new StorageOptions { DatabasePath = Path.Combine(_folder, "nested", "bot.db") }),
        NullLogger<StoryDatabase>.Instance);

    private DeliveryLedger Ledger(StoryDatabase database) =>
        new(database, Options.Create(new StorageOptions { RetentionDays = 30 }), _time);

    private StoryItem Item(string id, DateTimeOffset takenAt) => new(id, MediaKind.Photo, null, takenAt, 0);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Subscriptions_survive_reopening_and_duplicates_and_the_limit_are_refused()
    {
        using (var database = Open())
        {
            var store = new SubscriptionStore(database, _time);
            Assert.Equal(SubscribeResult.Added, store.Add(1, Platform.Snapchat, "a_one", 42, maxPerChat: 2));
            Assert.Equal(SubscribeResult.AlreadySubscribed, store.Add(1, Platform.Snapchat, "a_one", 42, maxPerChat: 2));
            Assert.Equal(SubscribeResult.Added, store.Add(1, Platform.Instagram, "a_one", 42, maxPerChat: 2));
            Assert.Equal(SubscribeResult.LimitReached, store.Add(1, Platform.Snapchat, "b_two", 42, maxPerChat: 2));
            Assert.Equal(SubscribeResult.Added, store.Add(2, Platform.Snapchat, "a_one", 43, maxPerChat: 2));
        }

        using (var reopened = Open())
        {
            var store = new SubscriptionStore(reopened, _time);
            Assert.Equal(3, store.Count());
            Assert.Equal([1L, 2L], store.Followers(Platform.Snapchat, "a_one").Select(s => s.ChatId).Order());
            Assert.Equal(2, store.Accounts().Count);            // one per (platform, username), however many chats
            Assert.True(store.Remove(1, Platform.Snapchat, "a_one"));
            Assert.False(store.Remove(1, Platform.Snapchat, "a_one"));

            store.SetPaused(2, true);
            Assert.Empty(store.Followers(Platform.Snapchat, "a_one"));
            store.SetPaused(2, false);
            Assert.Single(store.Followers(Platform.Snapchat, "a_one"));
        }
    }

    [Fact]
    public void A_group_that_became_a_supergroup_keeps_its_subscriptions_and_what_it_received()
    {
        using var database = Open();
        var store = new SubscriptionStore(database, _time);
        var ledger = Ledger(database);
        var migrations = new ChatMigrations(ledger, store, NullLogger<ChatMigrations>.Instance);
        const long group = -4001, supergroup = -1004001;
        store.Add(group, Platform.Snapchat, "coastal_ivy", 42, maxPerChat: 5);
        store.Add(group, Platform.Instagram, "coastal_ivy", 42, maxPerChat: 5);
        store.Add(supergroup, Platform.Instagram, "coastal_ivy", 43, maxPerChat: 5);    // already there: kept as is
        store.SetPaused(group, true);
        ledger.RecordDelivered(group, Account, Item("s1", _time.GetUtcNow()), "file-1");
        ledger.RecordFailed(group, Account, Item("s2", _time.GetUtcNow()), final: true);
        ledger.RecordFailed(supergroup, Account, Item("s1", _time.GetUtcNow()), final: false);  // delivered wins
        ledger.RecordDelivered(7, Account, Item("s3", _time.GetUtcNow()), "file-3");          // another chat: untouched

        migrations.Move(group, supergroup);
        migrations.Move(group, supergroup);                 // both service messages arrive: the second moves nothing

        Assert.Empty(store.ForChat(group));
        var moved = store.ForChat(supergroup);
        Assert.Equal([(Platform.Snapchat, 42L), (Platform.Instagram, 43L)], moved.Select(s => (s.Platform, s.AddedBy ?? 0)).OrderBy(p => p.Platform == Platform.Instagram));
        Assert.All(moved, s => Assert.False(s.Paused));
        Assert.Equal([supergroup], store.Followers(Platform.Snapchat, "coastal_ivy").Select(s => s.ChatId));
        Assert.Empty(ledger.Settled(group, Platform.Snapchat, "coastal_ivy"));
        Assert.Equal(["s1", "s2"], ledger.Settled(supergroup, Platform.Snapchat, "coastal_ivy").Order());
        Assert.Equal(["s3"], ledger.Settled(7, Platform.Snapchat, "coastal_ivy"));
    }

    [Fact]
    public void An_album_recorded_for_the_old_id_just_after_the_group_moved_follows_it()
    {
        using var database = Open();
        var store = new SubscriptionStore(database, _time);
        var ledger = Ledger(database);
        var migrations = new ChatMigrations(ledger, store, NullLogger<ChatMigrations>.Instance);
        var notices = new StoryBot.Core.Operations.OperatorNotices(new StoryBot.Core.Operations.LoggingOperatorAlerts(NullLogger<StoryBot.Core.Operations.LoggingOperatorAlerts>.Instance), NullLogger<StoryBot.Core.Operations.OperatorNotices>.Instance);
        var recorder = new DeliveryRecorder(ledger, new FileIdStore(database, _time), store, migrations, notices, NullLogger<DeliveryRecorder>.Instance);
        store.Add(-4002, Platform.Snapchat, "coastal_ivy", 42, maxPerChat: 5);

        // Telegram accepted the album for the old id; the upgrade's service message was handled before it was recorded.
        migrations.Move(-4002, -1004002);
        recorder.Delivered(-4002, Account, [new DeliveredItem(Item("s1", _time.GetUtcNow()), "file-1") { ChatId = -4002 }]);

        Assert.Equal(["s1"], ledger.Settled(-1004002, Platform.Snapchat, "coastal_ivy"));   // the next poll sends nothing again
        Assert.Empty(ledger.Settled(-4002, Platform.Snapchat, "coastal_ivy"));
    }

    [Fact]
    public void Only_accepted_items_are_settled_and_failures_are_given_up_after_three_attempts()
    {
        using var database = Open();
        var ledger = Ledger(database);
        var now = _time.GetUtcNow();

        var fileIds = new FileIdStore(database, _time);
        ledger.RecordDelivered(1, Account, Item("sent", now), "AgACfile");
        fileIds.Remember(Platform.Snapchat, "sent", new KnownFile("AgACfile", MediaKind.Photo));
        Assert.False(ledger.RecordFailed(1, Account, Item("flaky", now), final: false));
        Assert.Equal(["sent"], ledger.Settled(1, Platform.Snapchat, "coastal_ivy"));
        Assert.Empty(ledger.Settled(2, Platform.Snapchat, "coastal_ivy"));           // per destination
        Assert.Equal(new KnownFile("AgACfile", MediaKind.Photo), fileIds.Find(Platform.Snapchat, "sent"));

        Assert.False(ledger.RecordFailed(1, Account, Item("flaky", now), final: false));
        Assert.True(ledger.RecordFailed(1, Account, Item("flaky", now), final: false));   // third: given up
        Assert.Contains("flaky", ledger.Settled(1, Platform.Snapchat, "coastal_ivy"));

        // A failure after delivery changes nothing.
        Assert.False(ledger.RecordFailed(1, Account, Item("sent", now), final: true));
        Assert.Equal((1, 1), ledger.CountSince(TimeSpan.FromHours(24)));
    }

    [Fact]
    public void Retention_prunes_only_records_whose_delivery_and_item_are_both_old()
    {
        using var database = Open();
        var ledger = Ledger(database);
        var start = _time.GetUtcNow();

        ledger.RecordDelivered(1, Account, Item("old", start - TimeSpan.FromDays(1)), "f1");
        ledger.RecordDelivered(1, Account, Item("future-dated", start + TimeSpan.FromDays(40)), "f2");
        _time.Advance(TimeSpan.FromDays(20));
        ledger.RecordDelivered(1, Account, Item("recent", _time.GetUtcNow()), "f3");
        _time.Advance(TimeSpan.FromDays(15));                                            // "old" is now 35 days old

        Assert.Equal(1, ledger.Prune());
        Assert.Equal(["future-dated", "recent"], ledger.Settled(1, Platform.Snapchat, "coastal_ivy").Order());
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromDays(30), ledger.Horizon());
    }

    [Fact]
    public async Task The_retention_job_keeps_running_on_the_clock()
    {
        using var database = Open();
        var ledger = Ledger(database);
        ledger.RecordDelivered(1, Account, Item("a", _time.GetUtcNow()), "f1");
        _time.Advance(TimeSpan.FromDays(29));
        using var service = new StoryBot.Core.Subscriptions.RetentionService(ledger, new FileIdStore(database, _time), _time, NullLogger<StoryBot.Core.Subscriptions.RetentionService>.Instance);
        await service.StartAsync(CancellationToken.None);
        await Task.Delay(200);                              // the run at start: "a" is 29 days old and stays
        Assert.Single(ledger.Settled(1, Platform.Snapchat, "coastal_ivy"));

        // Two days later the job has run again (every 6 h of the injected clock) and "a" is past retention.
        _time.Advance(TimeSpan.FromDays(2));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (ledger.Settled(1, Platform.Snapchat, "coastal_ivy").Count > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.Empty(ledger.Settled(1, Platform.Snapchat, "coastal_ivy"));
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void A_database_from_a_newer_version_is_refused_rather_than_damaged()
    {
        using (var database = Open())
        {
        }

        using (var raw = new LiteDB.LiteDatabase(Path.Combine(_folder, "nested", "bot.db")))
            raw.GetCollection<StoryBot.Core.Storage.Documents.MetaDocument>("meta").Upsert(new StoryBot.Core.Storage.Documents.MetaDocument { Id = "schema", SchemaVersion = StoryDatabase.SchemaVersion + 1 });

        Assert.Throws<InvalidOperationException>(Open);
    }
}
