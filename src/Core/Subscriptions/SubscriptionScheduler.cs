using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoryBot.Core.Operations;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;

namespace StoryBot.Core.Subscriptions;

/// <summary>
/// Polls every followed account once per platform interval, with jitter, spreading accounts over the interval
/// instead of bursting, and backing off an account whose source fails. Scheduled polls share the one pipeline
/// with chat commands, and run beside each other, so a slow account never holds up the rest.
/// </summary>
public sealed class SubscriptionScheduler(
    AccountPoller poller,
    SubscriptionStore subscriptions,
    AccountStateStore accountStates,
    OperatorNotices notices,
    StorageHealth storage,
    IOptions<ScheduleOptions> options,
    TimeProvider timeProvider,
    ILogger<SubscriptionScheduler> logger) : BackgroundService
{
    /// <summary>Polls running at once: fetches are light, and the pipeline bounds the heavy work anyway.</summary>
    private const int MaxConcurrentPolls = 4;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(12);

    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots = new(MaxConcurrentPolls, MaxConcurrentPolls);
    private readonly ConcurrentDictionary<Platform, DateTimeOffset> _lastPoll = new();
    private CancellationToken _stopping;

    public DateTimeOffset? LastPoll(Platform platform) => _lastPoll.TryGetValue(platform, out var at) ? at : null;

    public DateTimeOffset? NextPoll(Platform platform)
    {
        return accountStates.NextCheck(platform) is { } at ? new DateTimeOffset(at) : null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        while (!stoppingToken.IsCancellationRequested)
        {
            Tick();

            try
            {
                await Task.Delay(options.Value.Tick, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await WhenIdleAsync();
    }

    /// <summary>
    /// One round of the loop: due polls start. A storage error is logged, told to the operators once, and the
    /// database is reopened when it can be; nothing is polled meanwhile, and once storage works again the accounts
    /// that fell due meanwhile are spread over their interval instead of being fetched all at once.
    /// </summary>
    internal void Tick()
    {
        try
        {
            if (_storageFailed)
                SpreadOverdue(timeProvider.GetUtcNow());
            StartDuePolls();
            _storageFailed = false;
            notices.Ended(OperatorProblem.StorageFailing, "The database works again: polling goes on.");
        }
        catch (Exception ex) when (StorageErrors.Is(ex))
        {
            // One error must not stop polling: log it and try again at the next tick.
            logger.LogError(ex, "Scheduler could not read the subscriptions; trying again at the next tick");
            _storageFailed = true;
            notices.Started(OperatorProblem.StorageFailing,
                $"I can't read my database ({ex.Message}): nothing is polled or recorded until it works again. Check the disk of Storage:DatabasePath.");
            storage.TryRecover();
        }
    }

    private bool _storageFailed;

    private void SpreadOverdue(DateTimeOffset now)
    {
        foreach (var platform in accountStates.Due(now).GroupBy(a => a.Platform))
        {
            var overdue = platform.OrderBy(a => a.NextCheckAt).ToList();
            var interval = IntervalFor(platform.Key);
            for (var i = 0; i < overdue.Count; i++)
                accountStates.Save(overdue[i] with { NextCheckAt = (now + interval * i / overdue.Count).UtcDateTime });
        }
    }

    /// <summary>Starts a poll for every account that is due (and not already being polled).</summary>
    public void StartDuePolls()
    {
        var now = timeProvider.GetUtcNow();
        if (subscriptions.Version != _reconciledVersion)
            Reconcile(now);

        foreach (var state in accountStates.Due(now))
        {
            var (platform, username) = (state.Platform, state.Username);
            var key = $"{platform}|{username}";
            // Registered before it starts, so a poll that ends at once cannot leave a stale entry behind.
            var start = new TaskCompletionSource();
            if (!_running.TryAdd(key, start.Task.ContinueWith(_ => PollAsync(platform, username, key), TaskScheduler.Default).Unwrap()))
                continue;
            start.SetResult();
        }
    }

    private int _reconciledVersion = -1;
    private HashSet<string> _followedSnapchat = new(StringComparer.Ordinal);
    private readonly HashSet<string> _snapchatFailures = new(StringComparer.Ordinal);

    /// <summary>
    /// Snapchat failing for every followed account since the last good page means the site blocks us or changed:
    /// the operators are told once, and once more when a page reads well again.
    /// </summary>
    private void WatchSnapchat(string username, PollResult? result)
    {
        lock (_snapchatFailures)
        {
            if (result is { SourceOk: true })
            {
                _snapchatFailures.Clear();
                notices.Ended(OperatorProblem.SnapchatDown, "Snapchat pages read well again: polling goes on as usual.");
                return;
            }

            if (result?.Fetch?.Outcome != FetchOutcome.BlockedOrChanged)
                return;
            _snapchatFailures.Add(username);
            if (_followedSnapchat.Count > 0 && _followedSnapchat.IsSubsetOf(_snapchatFailures))
                notices.Started(OperatorProblem.SnapchatDown,
                    $"Snapchat failed for all {_followedSnapchat.Count} followed accounts in a row ({result.Fetch.Reason}): it blocks the bot or changed its pages. Failing accounts are retried with back-off.");
        }
    }

    /// <summary>
    /// Brings the schedule in line with the subscriptions, only when they changed: an account nobody follows any
    /// more loses its state (it would show as due for ever); one seen for the first time gets a slot spread over
    /// its interval; one just checked by /subscribe or /poll is next due an interval after that check.
    /// </summary>
    private void Reconcile(DateTimeOffset now)
    {
        var version = subscriptions.Version;   // read first: a change while this runs is seen at the next tick
        var followed = subscriptions.Accounts().ToHashSet();
        _followedSnapchat = followed.Where(a => a.Platform == Platform.Snapchat).Select(a => a.Username).ToHashSet(StringComparer.Ordinal);
        var states = accountStates.All();
        foreach (var orphan in states.Where(s => !followed.Contains((s.Platform, s.Username))))
            accountStates.Remove(orphan.Platform, orphan.Username);

        var scheduled = states.Where(s => s.NextCheckAt != DateTime.MinValue).Select(s => (s.Platform, s.Username)).ToHashSet();
        foreach (var state in states.Where(s => s.NextCheckAt == DateTime.MinValue && s.LastCheckedAt is not null && followed.Contains((s.Platform, s.Username))))
        {
            accountStates.Save(state with { NextCheckAt = (state.LastCheckedAt!.Value + IntervalFor(state.Platform)).ToUniversalTime() });
            scheduled.Add((state.Platform, state.Username));
        }

        foreach (var platform in followed.Where(a => !scheduled.Contains(a)).GroupBy(a => a.Platform))
        {
            var fresh = platform.OrderBy(a => a.Username).ToList();
            var interval = IntervalFor(platform.Key);
            for (var i = 0; i < fresh.Count; i++)
                accountStates.Save(new AccountState(platform.Key, fresh[i].Username, null, (now + interval * (i + 1) / (fresh.Count + 1)).UtcDateTime, 0, null));
        }

        _reconciledVersion = version;
    }

    /// <summary>Completes when no scheduled poll is running.</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_running.Values.ToArray());

    private async Task PollAsync(Platform platform, string username, string key)
    {
        try
        {
            await _slots.WaitAsync(_stopping);
            try
            {
                var result = await poller.PollAsync(platform, username, onlyChat: null, _stopping);
                _lastPoll[platform] = timeProvider.GetUtcNow();
                if (platform == Platform.Snapchat)
                    WatchSnapchat(username, result);
                Reschedule(platform, username, result);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Scheduled poll of {Platform} {Username} failed", platform, username);
            Reschedule(platform, username, null);
        }
        finally
        {
            _running.TryRemove(key, out _);
        }
    }

    private void Reschedule(Platform platform, string username, PollResult? result)
    {
        if (accountStates.Find(platform, username) is not { } state)
            return;

        var now = timeProvider.GetUtcNow();
        var interval = IntervalFor(platform);
        DateTimeOffset next;
        var streak = state.FailureStreak;
        if (result is { SourceOk: true } || result?.SkippedBecause == PollSkip.NoFollowers)
        {
            streak = 0;
            // ±10 % jitter keeps accounts from drifting into lockstep.
            next = now + interval * (0.9 + Random.Shared.NextDouble() * 0.2);
        }
        else if (result?.Fetch is { Outcome: FetchOutcome.RateLimited, RetryAt: { } retryAt })
        {
            // The whole platform is paused; come back when it opens, without counting it against the account.
            next = retryAt + interval * Random.Shared.NextDouble() * 0.1;
        }
        else if (result?.Fetch?.Outcome is FetchOutcome.SessionMissing or FetchOutcome.SessionExpired or FetchOutcome.SessionCheckpoint)
        {
            // The session's fault, not the account's: keep the normal pace (the gate makes these polls free)
            // so every account resumes as soon as a new session is set.
            next = now + interval;
        }
        else
        {
            streak++;
            var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, interval.Ticks * (1L << Math.Min(streak, 10))));
            next = now + backoff;
            logger.LogWarning("{Platform} {Username} failed {Streak} times in a row ({Outcome}); next try in {Backoff}",
                platform, username, streak, result?.Fetch?.Outcome.ToString() ?? result?.SkippedBecause?.ToString() ?? "error", backoff);
        }

        accountStates.Save(state with { NextCheckAt = next.UtcDateTime, FailureStreak = streak });
    }

    private TimeSpan IntervalFor(Platform platform) =>
        platform == Platform.Instagram ? options.Value.Instagram.Interval : options.Value.Snapchat.Interval;
}
