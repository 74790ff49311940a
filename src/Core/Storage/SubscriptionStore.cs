using StoryBot.Core.Sources;

namespace StoryBot.Core.Storage;

public enum SubscribeResult
{
    Added,
    AlreadySubscribed,
    LimitReached,
}

/// <summary>Who follows what. Every call may throw when storage fails: callers treat that as "skip", never as "empty".</summary>
public sealed class SubscriptionStore(StoryDatabase database, TimeProvider timeProvider)
{
    private readonly object _writeGate = new();

    public SubscribeResult Add(long chatId, Platform platform, string username, long? addedBy, int maxPerChat)
    {
        // Check-then-insert under one lock so two quick /subscribe cannot both pass the limit.
        lock (_writeGate)
        {
            var key = SubscriptionDocument.Key(chatId, platform, username);
            if (database.Subscriptions.FindById(key) is not null)
                return SubscribeResult.AlreadySubscribed;
            if (database.Subscriptions.Count(s => s.ChatId == chatId) >= maxPerChat)
                return SubscribeResult.LimitReached;

            database.Subscriptions.Insert(new SubscriptionDocument
            {
                Id = key,
                ChatId = chatId,
                Platform = platform,
                Username = username,
                AddedBy = addedBy,
                AddedAt = timeProvider.GetUtcNow().UtcDateTime,
            });
            return SubscribeResult.Added;
        }
    }

    public bool Remove(long chatId, Platform platform, string username) =>
        database.Subscriptions.Delete(SubscriptionDocument.Key(chatId, platform, username));

    public IReadOnlyList<SubscriptionDocument> ForChat(long chatId) =>
        database.Subscriptions.Find(s => s.ChatId == chatId).OrderBy(s => s.Platform).ThenBy(s => s.Username).ToList();

    /// <summary>Chats that follow the account and can be sent to.</summary>
    public IReadOnlyList<SubscriptionDocument> Followers(Platform platform, string username) =>
        database.Subscriptions.Find(s => s.Username == username && s.Platform == platform && !s.Paused).ToList();

    /// <summary>Every followed account, once, however many chats follow it.</summary>
    public IReadOnlyList<(Platform Platform, string Username)> Accounts() =>
        database.Subscriptions.FindAll().Select(s => (s.Platform, s.Username)).Distinct().ToList();

    public int Count() => database.Subscriptions.Count();

    public int ChatCount() => database.Subscriptions.FindAll().Select(s => s.ChatId).Distinct().Count();

    public void SetPaused(long chatId, bool paused)
    {
        foreach (var subscription in database.Subscriptions.Find(s => s.ChatId == chatId && s.Paused != paused))
        {
            subscription.Paused = paused;
            database.Subscriptions.Update(subscription);
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
            foreach (var subscription in database.Subscriptions.Find(s => s.ChatId == from).ToList())
            {
                var oldKey = subscription.Id;
                var key = SubscriptionDocument.Key(to, subscription.Platform, subscription.Username);
                if (database.Subscriptions.FindById(key) is null)
                {
                    subscription.Id = key;
                    subscription.ChatId = to;
                    subscription.Paused = false;
                    database.Subscriptions.Insert(subscription);
                }

                database.Subscriptions.Delete(oldKey);
            }
        }
    }

    public bool IsPaused(long chatId) => database.Subscriptions.Exists(s => s.ChatId == chatId && s.Paused);

    public void Delivered(long chatId, Platform platform, string username)
    {
        if (database.Subscriptions.FindById(SubscriptionDocument.Key(chatId, platform, username)) is { } subscription)
        {
            subscription.LastDeliveredAt = timeProvider.GetUtcNow().UtcDateTime;
            database.Subscriptions.Update(subscription);
        }
    }
}
