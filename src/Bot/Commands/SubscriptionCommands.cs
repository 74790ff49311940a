using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoryBot.Bot.Telegram;
using StoryBot.Bot.Texts;
using StoryBot.Core.Media;
using StoryBot.Core.Outbox;
using StoryBot.Core.Sources;
using StoryBot.Core.Sources.Instagram;
using StoryBot.Core.Storage;
using StoryBot.Core.Subscriptions;

namespace StoryBot.Bot.Commands;

/// <summary>/subscribe, /unsubscribe, /subscriptions, /poll and the admins' /status.</summary>
public sealed class SubscriptionCommands(
    SubscriptionStore subscriptions,
    AccountStateStore accountStates,
    DeliveryLedger ledger,
    AccountPoller poller,
    SubscriptionScheduler scheduler,
    MediaStages media,
    ChatOutbox outbox,
    InstagramGate instagramGate,
    InstagramSession instagramSession,
    InstagramIdLookup instagramLookup,
    ChatWorkQueue work,
    GroupAdmins admins,
    IOptions<SubscriptionOptions> options,
    TimeProvider timeProvider,
    ILogger<SubscriptionCommands> logger)
{
    public const string SubscribeUsage =
        "Usage: /subscribe <snap|insta> <username or profile link>\nExample: /subscribe snap coastal_ivy";

    public const string UnsubscribeUsage = "Usage: /unsubscribe <snap|insta> <username>";

    public void Subscribe(ChatPlace origin, long? userId, IReadOnlyList<string> arguments)
    {
        var chatId = origin.ChatId;
        if (!TryParseAccount(arguments, SubscribeUsage, out var spec, out var username, out var error))
        {
            outbox.EnqueueText(origin, error);
            return;
        }

        RunOrSayBusy(origin, async token =>
        {
            if (!await admins.MayChangeAsync(chatId, userId, token))
            {
                outbox.EnqueueText(origin, Replies.AdminsOnly);
                return;
            }

            SubscribeResult result;
            try
            {
                result = subscriptions.Add(chatId, spec.Platform, username, userId, options.Value.MaxPerChat, origin.ThreadId);
            }
            catch (Exception ex) when (StorageErrors.Is(ex))
            {
                logger.LogError(ex, "Could not save a subscription for chat {ChatId}", chatId);
                outbox.EnqueueText(origin, StorageTrouble);
                return;
            }

            var name = $"{AccountLinks.Mark(spec.Platform, username)} on {Replies.PlatformName(spec.Platform)}";
            switch (result)
            {
                case SubscribeResult.AlreadySubscribed:
                    outbox.EnqueueText(origin, $"This chat already follows {name}.");
                    return;
                case SubscribeResult.LimitReached:
                    outbox.EnqueueText(origin, $"This chat follows {options.Value.MaxPerChat} accounts, the most it can. /unsubscribe one first.");
                    return;
            }

            outbox.EnqueueText(origin, $"Following {name}. Its current story comes now; new stories will arrive by themselves.");
            // What is on now counts as new for this chat.
            var poll = await poller.PollAsync(spec.Platform, username, chatId, token);
            if (poll.Fetch is { Outcome: FetchOutcome.NotFound or FetchOutcome.NotPublic or FetchOutcome.Unavailable } gone)
            {
                // Nothing will ever come from it: do not keep (and poll) a subscription to it.
                Try<bool?>(() => subscriptions.Remove(chatId, spec.Platform, username));
                outbox.EnqueueText(origin, $"{Replies.ForOutcome(gone, StoryKind.Stories, timeProvider.GetUtcNow())} Not following it.");
            }
            else if (poll.Fetch is { Outcome: not (FetchOutcome.Ok or FetchOutcome.NoCurrentStory) } fetch)
                outbox.EnqueueText(origin, Replies.ForOutcome(fetch, StoryKind.Stories, timeProvider.GetUtcNow()));
            else if (poll.Fetch is { Outcome: FetchOutcome.NoCurrentStory })
                outbox.EnqueueText(origin, $"{AccountLinks.Mark(spec.Platform, username)} has no story right now; the next one will arrive here.");
        });
    }

    public void Unsubscribe(ChatPlace origin, long? userId, IReadOnlyList<string> arguments)
    {
        var chatId = origin.ChatId;
        if (!TryParseAccount(arguments, UnsubscribeUsage, out var spec, out var username, out var error))
        {
            outbox.EnqueueText(origin, error);
            return;
        }

        RunOrSayBusy(origin, async token =>
        {
            if (!await admins.MayChangeAsync(chatId, userId, token))
            {
                outbox.EnqueueText(origin, Replies.AdminsOnly);
                return;
            }

            var removed = Try<bool?>(() => subscriptions.Remove(chatId, spec.Platform, username));
            outbox.EnqueueText(origin, removed switch
            {
                true => $"Stopped following {AccountLinks.Mark(spec.Platform, username)} on {Replies.PlatformName(spec.Platform)}.",
                false => $"This chat does not follow {AccountLinks.Mark(spec.Platform, username)} on {Replies.PlatformName(spec.Platform)}. /subscriptions lists what it follows.",
                null => StorageTrouble,
            });
        });
    }

    public void List(ChatPlace origin)
    {
        var chatId = origin.ChatId;
        RunOrSayBusy(origin, _ =>
        {
            var text = Try(() =>
            {
                var list = subscriptions.ForChat(chatId);
                if (list.Count == 0)
                    return "This chat follows no one yet. Try /subscribe snap coastal_ivy";

                var lines = new StringBuilder($"This chat follows {list.Count}:\n");
                foreach (var subscription in list)
                {
                    var state = accountStates.Find(subscription.Platform, subscription.Username);
                    lines.Append($"• {Replies.PlatformName(subscription.Platform)} {AccountLinks.Mark(subscription.Platform, subscription.Username)} — checked {Ago(state?.LastCheckedAt)}, last delivered {Ago(subscription.LastDeliveredAt)}");
                    if (subscription.Paused)
                        lines.Append(" (paused)");
                    lines.Append('\n');
                }

                return lines.ToString().TrimEnd();
            });
            outbox.EnqueueText(origin, text ?? StorageTrouble);
            return Task.CompletedTask;
        });
    }

    /// <summary>Checks this chat's accounts now; sends only what the chat has not received yet.</summary>
    public void Poll(ChatPlace origin)
    {
        var chatId = origin.ChatId;
        RunOrSayBusy(origin, async token =>
        {
            var list = Try(() => subscriptions.ForChat(chatId));
            if (list is null)
            {
                outbox.EnqueueText(origin, StorageTrouble);
                return;
            }

            if (list.Count == 0)
            {
                outbox.EnqueueText(origin, "This chat follows no one yet. Try /subscribe snap coastal_ivy");
                return;
            }

            var newItems = 0;
            var problems = new List<string>();
            foreach (var subscription in list)
            {
                var result = await poller.PollAsync(subscription.Platform, subscription.Username, chatId, token);
                newItems += result.NewItems;
                if (result.Fetch is { Outcome: not (FetchOutcome.Ok or FetchOutcome.NoCurrentStory) } fetch)
                    problems.Add(Replies.ForOutcome(fetch, StoryKind.Stories, timeProvider.GetUtcNow()));
                else if (result.SkippedBecause == PollSkip.StorageError)
                    problems.Add(StorageTrouble);
            }

            if (problems.Count > 0)
                outbox.EnqueueText(origin, string.Join('\n', problems.Distinct()));
            if (newItems == 0)
                outbox.EnqueueText(origin, $"Nothing new from the {list.Count} account{(list.Count == 1 ? "" : "s")} this chat follows.");
        });
    }

    public void Status(ChatPlace origin)
    {
        var text = Try(() =>
        {
            var (delivered, failed) = ledger.CountSince(TimeSpan.FromHours(24));
            var gate = instagramGate.State;
            return string.Join('\n',
                $"Subscriptions: {subscriptions.Count()} in {subscriptions.ChatCount()} chats, {subscriptions.Accounts().Count} accounts",
                $"Snapchat: last poll {Ago(scheduler.LastPoll(Platform.Snapchat)?.UtcDateTime)}, next {In(scheduler.NextPoll(Platform.Snapchat))}",
                $"Instagram: last poll {Ago(scheduler.LastPoll(Platform.Instagram)?.UtcDateTime)}, next {In(scheduler.NextPoll(Platform.Instagram))}",
                $"Queues: downloads {media.DownloadQueueDepth} waiting / {media.Downloads.Active} running, " +
                $"ffmpeg {media.ProcessQueueDepth} / {media.Processing.Active}, chats {outbox.Waiting} in turn / {outbox.Sends.Active} sending",
                $"Last 24 h: {delivered} delivered, {failed} failed",
                InstagramSessionLine(gate));
        });
        outbox.EnqueueText(origin, text ?? StorageTrouble);
    }

    /// <summary>Whether a session is set, since when and how it fares; never the value.</summary>
    private string InstagramSessionLine(InstagramGateState gate)
    {
        if (instagramSession.Since is not { } since)
            return $"Instagram session: not set ({instagramSession.SourceName})";
        var state = gate.Status switch
        {
            InstagramGateStatus.Checkpoint => $"checkpoint — replace {instagramSession.SourceName}",
            InstagramGateStatus.SessionExpired => $"expired — replace {instagramSession.SourceName}",
            InstagramGateStatus.RateLimited => $"rate limited until {gate.Until:HH:mm} UTC",
            _ => "ok",
        };
        var lookups = Enum.GetValues<LookupPath>()
            .Select(path => instagramLookup.PausedUntil(path) is { } until ? $"{path} paused until {until:HH:mm} UTC" : null)
            .OfType<string>().ToList();
        return $"Instagram session: set, since {since:yyyy-MM-dd HH:mm} UTC ({instagramSession.SourceName}), {state}" +
               (lookups.Count > 0 ? $"; lookups: {string.Join(", ", lookups)}" : "");
    }

    private void RunOrSayBusy(ChatPlace origin, Func<CancellationToken, Task> job)
    {
        var chatId = origin.ChatId;
        if (!work.Run(chatId, job))
            outbox.EnqueueText(origin, Replies.Busy);
    }

    private const string StorageTrouble = "I can't reach my database right now, so nothing was changed. Please try again in a moment.";

    private static bool TryParseAccount(IReadOnlyList<string> arguments, string usage, out StoryCommandSpec spec, out string username, out string error)
    {
        spec = StoryCommandSpec.Snapchat;
        username = "";
        error = usage;
        if (arguments.Count != 2)
            return false;

        switch (arguments[0].ToLowerInvariant())
        {
            case "snap" or "snapchat":
                spec = StoryCommandSpec.Snapchat;
                break;
            case "insta" or "instagram" or "ig":
                spec = StoryCommandSpec.Instagram;
                break;
            default:
                error = $"Choose snap or insta.\n{usage}";
                return false;
        }

        if (!(spec.TryParseAccount ?? spec.TryParseUsername)(arguments[1], out username))
        {
            error = Replies.InvalidUsername(spec.Platform, spec.UsernameRule, spec.Usage, arguments[1]);
            return false;
        }

        return true;
    }

    private T? Try<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (StorageErrors.Is(ex))
        {
            logger.LogError(ex, "Database error");
            return default;
        }
    }

    private string Ago(DateTime? at)
    {
        if (at is not { } time)
            return "never";
        var span = timeProvider.GetUtcNow().UtcDateTime - StoredTime.Utc(time);
        return span.TotalMinutes < 1 ? "just now"
            : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min ago"
            : span.TotalDays < 1 ? $"{(int)span.TotalHours} h ago"
            : $"{(int)span.TotalDays} d ago";
    }

    private string In(DateTimeOffset? at)
    {
        if (at is not { } time)
            return "—";
        var span = time - timeProvider.GetUtcNow();
        return span <= TimeSpan.Zero ? "now" : span.TotalHours < 1 ? $"in {(int)Math.Ceiling(span.TotalMinutes)} min" : $"in {span.TotalHours:0.#} h";
    }
}
