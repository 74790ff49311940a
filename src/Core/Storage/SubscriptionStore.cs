using StoryBot.Core.Sources;
using StoryBot.Core.Storage.Documents;

namespace StoryBot.Core.Storage;

/// <summary>Who follows what. Every call may throw when storage fails: callers treat that as "skip", never as "empty".</summary>
public sealed class SubscriptionStore
{
    private readonly StoryDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _writeGate = new();
    private int _version;

    internal SubscriptionStore(StoryDatabase database, TimeProvider timeProvider)
    {
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <summary>Changes whenever the set of followed accounts may have changed (a subscription added, removed or moved).</summary>
    public int Version => Volatile.Read(ref _version);

    public SubscribeResult Add(long chatId, Platform platform, string username, long? addedBy, int maxPerChat, int? threadId = null)
    {
        // Check-then-insert under one lock so two quick /subscribe cannot both pass the limit.
        lock (_writeGate)
        {
            var key = SubscriptionDocument.Key(chatId, platform, username);
            if (_database.Subscriptions.FindById(key) is not null)
                return SubscribeResult.AlreadySubscribed;
            if (_database.Subscriptions.Count(s => s.ChatId == chatId) >= maxPerChat)
                return SubscribeResult.LimitReached;

            _database.Subscriptions.Insert(new SubscriptionDocument
            {
                Id = key,
                ChatId = chatId,
                Platform = platform,
                Username = username,
                AddedBy = addedBy,
                AddedAt = _timeProvider.GetUtcNow().UtcDateTime,
                ThreadId = threadId,
            });
            Interlocked.Increment(ref _version);
            return SubscribeResult.Added;
        }
    }

    public bool Remove(long chatId, Platform platform, string username)
    {
        var removed = _database.Subscriptions.Delete(SubscriptionDocument.Key(chatId, platform, username));
        if (removed)
            Interlocked.Increment(ref _version);
        return removed;
    }

    public IReadOnlyList<Subscription> ForChat(long chatId) =>
        _database.Subscriptions.Find(s => s.ChatId == chatId)
            .OrderBy(s => s.Platform).ThenBy(s => s.Username)
            .Select(s => s.ToRecord()).ToList();

    /// <summary>Chats that follow the account and can be sent to.</summary>
    public IReadOnlyList<Subscription> Followers(Platform platform, string username) =>
        _database.Subscriptions.Find(s => s.Username == username && s.Platform == platform && !s.Paused)
            .Select(s => s.ToRecord()).ToList();

    /// <summary>Every followed account, once, however many chats follow it.</summary>
    public IReadOnlyList<(Platform Platform, string Username)> Accounts() =>
        _database.Subscriptions.FindAll().Select(s => (s.Platform, s.Username)).Distinct().ToList();

    public int Count() => _database.Subscriptions.Count();

    public int ChatCount() => _database.Subscriptions.FindAll().Select(s => s.ChatId).Distinct().Count();

    public void SetPaused(long chatId, bool paused)
    {
        foreach (var subscription in _database.Subscriptions.Find(s => s.ChatId == chatId && s.Paused != paused))
        {
            subscription.Paused = paused;
            _database.Subscriptions.Update(subscription);
        }
    }

    /// <summary>
    /// A group became a supergroup under a new id: its subscriptions follow it (unpaused: the chat is alive). Safe
    /// to repeat; one the new id already has is kept as it is.
    /// </summary>
    public void MoveChat(long from, long to)
    {
        lock (_writeGate)
        {
            foreach (var subscription in _database.Subscriptions.Find(s => s.ChatId == from).ToList())
            {
                var oldKey = subscription.Id;
                var key = SubscriptionDocument.Key(to, subscription.Platform, subscription.Username);
                if (_database.Subscriptions.FindById(key) is null)
                {
                    subscription.Id = key;
                    subscription.ChatId = to;
                    subscription.Paused = false;
                    _database.Subscriptions.Insert(subscription);
                }

                _database.Subscriptions.Delete(oldKey);
            }

            Interlocked.Increment(ref _version);
        }
    }

    /// <summary>
    /// The account now goes by another name (Instagram: same id, new username): every chat's subscription follows
    /// it under the new name. A chat that already follows the new name keeps that one. Safe to repeat.
    /// </summary>
    public void RenameAccount(Platform platform, string from, string to)
    {
        lock (_writeGate)
        {
            foreach (var subscription in _database.Subscriptions.Find(s => s.Username == from && s.Platform == platform).ToList())
            {
                var oldKey = subscription.Id;
                var key = SubscriptionDocument.Key(subscription.ChatId, platform, to);
                if (_database.Subscriptions.FindById(key) is null)
                {
                    subscription.Id = key;
                    subscription.Username = to;
                    _database.Subscriptions.Insert(subscription);
                }

                _database.Subscriptions.Delete(oldKey);
            }

            Interlocked.Increment(ref _version);
        }
    }

    public bool IsPaused(long chatId) => _database.Subscriptions.Exists(s => s.ChatId == chatId && s.Paused);

    public void Delivered(long chatId, Platform platform, string username)
    {
        if (_database.Subscriptions.FindById(SubscriptionDocument.Key(chatId, platform, username)) is { } subscription)
        {
            subscription.LastDeliveredAt = _timeProvider.GetUtcNow().UtcDateTime;
            _database.Subscriptions.Update(subscription);
        }
    }
}
