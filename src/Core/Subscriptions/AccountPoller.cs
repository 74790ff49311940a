using Microsoft.Extensions.Logging;
using StoryBot.Core.Delivery;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;

namespace StoryBot.Core.Subscriptions;

/// <summary>
/// One poll of one followed account: fetched once however many chats follow it, each chat sent only what it has
/// not received, every item downloaded and uploaded once (the others get it by file_id), and every delivery
/// recorded as Telegram accepts it. Used by the scheduler, /poll and /subscribe alike.
/// </summary>
public sealed class AccountPoller(
    StorySources sources,
    SubscriptionStore subscriptions,
    DeliveryLedger ledger,
    AccountStateStore accountStates,
    StoryDelivery delivery,
    TimeProvider timeProvider,
    ILogger<AccountPoller> logger)
{
    // One poll per account at a time: two overlapping polls would both see the same item as new. An entry lives
    // only while someone holds or waits for it: /snap takes it for any username anyone types.
    private readonly Dictionary<string, (SemaphoreSlim Gate, int Users)> _accountLocks = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs other work on this account (a /snap that records what it delivers) exclusively with its polls, so
    /// neither reads the ledger while the other's albums are still unrecorded.
    /// </summary>
    public async Task<T> ExclusiveAsync<T>(Platform platform, string username, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        var key = $"{platform}|{username}";
        SemaphoreSlim gate;
        lock (_accountLocks)
        {
            var users = 0;
            if (_accountLocks.TryGetValue(key, out var entry))
                (gate, users) = entry;
            else
                gate = new SemaphoreSlim(1, 1);
            _accountLocks[key] = (gate, users + 1);
        }

        try
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return await work();
            }
            finally
            {
                gate.Release();
            }
        }
        finally
        {
            lock (_accountLocks)
            {
                var users = _accountLocks[key].Users - 1;
                if (users == 0)
                    _accountLocks.Remove(key);
                else
                    _accountLocks[key] = (gate, users);
            }
        }
    }

    /// <summary>Accounts someone is polling or waiting to poll right now.</summary>
    internal int LockedAccounts
    {
        get
        {
            lock (_accountLocks)
                return _accountLocks.Count;
        }
    }

    /// <param name="onlyChat">Poll for this chat alone (/poll, /subscribe); null for every follower.</param>
    public async Task<PollResult> PollAsync(Platform platform, string username, long? onlyChat, CancellationToken cancellationToken)
    {
        return await ExclusiveAsync(platform, username, () => PollLockedAsync(platform, username, onlyChat, cancellationToken), cancellationToken);
    }

    private async Task<PollResult> PollLockedAsync(Platform platform, string username, long? onlyChat, CancellationToken cancellationToken)
    {
        IReadOnlyList<Subscription> followers;
        try
        {
            followers = subscriptions.Followers(platform, username).Where(s => onlyChat is null || s.ChatId == onlyChat).ToList();
        }
        catch (Exception ex) when (StorageErrors.Is(ex))
        {
            return Skip(platform, username, ex);
        }

        if (followers.Count == 0)
            return new PollResult(null, 0, null, PollSkip.NoFollowers);

        var fetch = await sources.FetchAsync(platform, username, StoryKind.Stories, cancellationToken);
        var account = fetch.Account;
        List<DeliveryTarget> targets;
        try
        {
            if (platform == Platform.Instagram && account.Username != username && account.Username.Length > 0)
                username = FollowRename(platform, username, account.Username);
            accountStates.RecordCheck(platform, username, fetch.Outcome.ToString(), timeProvider.GetUtcNow());
            if (fetch.Outcome != FetchOutcome.Ok)
                return new PollResult(fetch, 0, null);

            // A storage error here skips the whole poll: "unknown" must never become "everything is new".
            targets = Targets(fetch.Items, followers, platform, username);
        }
        catch (Exception ex) when (StorageErrors.Is(ex))
        {
            return Skip(platform, username, ex);
        }

        var newItems = fetch.Items.Count(item => targets.Any(target => target.Wants(item)));
        logger.LogInformation("Poll {Platform} {Username}: {Items} items, {New} new for {Chats} of {Followers} chats",
            platform, username, fetch.Items.Count, newItems, targets.Count, followers.Count);
        if (targets.Count == 0)
            return new PollResult(fetch, 0, null);

        // Waits until delivered, so the next poll of this account sees what this one sent.
        var result = await delivery.DeliverAsync(new DeliveryRequest(account, StoryKind.Stories, fetch.Items, targets), FailurePolicy.RetryAtNextPoll, cancellationToken);
        return new PollResult(fetch, newItems, result);
    }

    /// <summary>
    /// The source says the account goes by another name now (Instagram follows the id: a renamed account, or one
    /// followed as <c>id:…</c> whose name just became known). Its subscriptions, schedule and delivery records move to
    /// the new name, so it keeps arriving, shown under that name, without its current story being sent again.
    /// </summary>
    private string FollowRename(Platform platform, string from, string to)
    {
        ledger.RenameAccount(platform, from, to);
        accountStates.RenameAccount(platform, from, to);
        subscriptions.RenameAccount(platform, from, to);
        logger.LogInformation("{Platform} {From} is now {To}: its subscriptions follow it", platform, from, to);
        return to;
    }

    /// <summary>For each chat, the items it has neither received nor given up on.</summary>
    private List<DeliveryTarget> Targets(IReadOnlyList<StoryItem> items, IEnumerable<Subscription> followers, Platform platform, string username)
    {
        // An item taken before the retention horizon is never new: its record may have been pruned, and a story
        // that old can only be something resurfacing (see DeliveryLedger.Prune).
        var horizon = ledger.Horizon();
        var fresh = items.Where(item => item.TakenAt == DateTimeOffset.MinValue || item.TakenAt >= horizon).ToList();
        var targets = new List<DeliveryTarget>();
        foreach (var follower in followers)
        {
            var settled = ledger.Settled(follower.ChatId, platform, username);
            var wanted = fresh.Where(item => !settled.Contains(item.Id)).Select(item => item.Id).ToHashSet(StringComparer.Ordinal);
            // Into the forum topic the subscription was made in.
            if (wanted.Count > 0)
                targets.Add(new DeliveryTarget(follower.ChatId, wanted) { ThreadId = follower.ThreadId });
        }

        return targets;
    }

    private PollResult Skip(Platform platform, string username, Exception ex)
    {
        logger.LogError(ex, "Storage failed while polling {Platform} {Username}: poll skipped, nothing sent", platform, username);
        return new PollResult(null, 0, null, PollSkip.StorageError);
    }
}
