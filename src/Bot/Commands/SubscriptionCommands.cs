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
    ChannelAccess channels,
    IOptions<SubscriptionOptions> options,
    TimeProvider timeProvider,
    ILogger<SubscriptionCommands> logger)
{
    public const string SubscribeUsage =
        "Usage: /subscribe <snap|insta> <username or profile link> [@channel]\nExample: /subscribe snap coastal_ivy";

    public const string UnsubscribeUsage = "Usage: /unsubscribe <snap|insta> <username> [@channel]";

    /// <summary>Telegram's limit on one message's buttons is 100; a chat follows at most MaxPerChat (50 by default).</summary>
    private const int MaxButtons = 100;

    public void Subscribe(ChatPlace origin, Sender sender, IReadOnlyList<string> arguments)
    {
        if (!TryParseAccount(arguments, SubscribeUsage, out var spec, out var username, out var channel, out var error))
        {
            outbox.EnqueueText(origin, error);
            return;
        }

        RunOrSayBusy(origin, async token =>
        {
            if (await TargetAsync(origin, sender, channel, token) is { } target)
                await FollowAsync(origin, target, spec.Platform, username, sender.UserId, token);
        });
    }

    /// <summary>
    /// Adds the subscription and polls the account at once, so what is on now arrives (to the target chat) and
    /// counts as delivered. Replies go to <paramref name="origin"/>, which differs from the target for a channel.
    /// </summary>
    private async Task FollowAsync(ChatPlace origin, FollowTarget target, Platform platform, string username, long? userId, CancellationToken token)
    {
        var name = $"{AccountLinks.Mark(platform, username)} on {Replies.PlatformName(platform)}";
        switch (Add(origin, target, platform, username, userId))
        {
            case SubscribeResult.AlreadySubscribed:
                outbox.EnqueueText(origin, $"{target.Name} already follows {name}.");
                return;
            case SubscribeResult.Added:
                outbox.EnqueueText(origin, target.IsOrigin
                    ? $"Following {name}. Its current story comes now; new stories will arrive by themselves."
                    : $"{target.Name} now follows {name}. Its current story goes there now; new stories will follow by themselves.");
                await FirstPollAsync(origin, target, platform, username, token);
                return;
        }
    }

    /// <returns>Null when storage failed (the chat was told).</returns>
    private SubscribeResult? Add(ChatPlace origin, FollowTarget target, Platform platform, string username, long? userId)
    {
        try
        {
            var result = subscriptions.Add(target.ChatId, platform, username, userId, options.Value.MaxPerChat, target.ThreadId);
            if (result == SubscribeResult.LimitReached)
                outbox.EnqueueText(origin, $"{target.Name} follows {options.Value.MaxPerChat} accounts, the most it can. /unsubscribe one first.");
            return result;
        }
        catch (Exception ex) when (StorageErrors.Is(ex))
        {
            logger.LogError(ex, "Could not save a subscription for chat {ChatId}", target.ChatId);
            outbox.EnqueueText(origin, StorageTrouble);
            return null;
        }
    }

    /// <summary>What is on now counts as new for the target: it arrives now, and problems are told at once.</summary>
    private async Task FirstPollAsync(ChatPlace origin, FollowTarget target, Platform platform, string username, CancellationToken token)
    {
        var poll = await poller.PollAsync(platform, username, target.ChatId, token);
        if (poll.Fetch is { Outcome: FetchOutcome.NotFound or FetchOutcome.NotPublic or FetchOutcome.Unavailable } gone)
        {
            // Nothing will ever come from it: do not keep (and poll) a subscription to it.
            Try<bool?>(() => subscriptions.Remove(target.ChatId, platform, username));
            outbox.EnqueueText(origin, $"{Replies.ForOutcome(gone, StoryKind.Stories, timeProvider.GetUtcNow())} Not following it.");
        }
        else if (poll.Fetch is { Outcome: not (FetchOutcome.Ok or FetchOutcome.NoCurrentStory) } fetch)
            outbox.EnqueueText(origin, Replies.ForOutcome(fetch, StoryKind.Stories, timeProvider.GetUtcNow()));
        else if (poll.Fetch is { Outcome: FetchOutcome.NoCurrentStory })
            outbox.EnqueueText(origin, $"{AccountLinks.Mark(platform, username)} has no story right now; the next one will arrive {(target.IsOrigin ? "here" : "there")}.");
    }

    public void Unsubscribe(ChatPlace origin, Sender sender, IReadOnlyList<string> arguments)
    {
        if (!TryParseAccount(arguments, UnsubscribeUsage, out var spec, out var username, out var channel, out var error))
        {
            outbox.EnqueueText(origin, error);
            return;
        }

        RunOrSayBusy(origin, async token =>
        {
            if (await TargetAsync(origin, sender, channel, token) is not { } target)
                return;
            var removed = Try<bool?>(() => subscriptions.Remove(target.ChatId, spec.Platform, username));
            outbox.EnqueueText(origin, removed switch
            {
                true => $"{(target.IsOrigin ? "Stopped following" : $"{target.Name} stopped following")} {AccountLinks.Mark(spec.Platform, username)} on {Replies.PlatformName(spec.Platform)}.",
                false => $"{target.Name} does not follow {AccountLinks.Mark(spec.Platform, username)} on {Replies.PlatformName(spec.Platform)}. /subscriptions lists what it follows.",
                null => StorageTrouble,
            });
        });
    }

    /// <summary>
    /// Where a subscription command acts: the chat it was sent in, or the channel named after the account (only
    /// from a private chat, and only for the channel's creator and administrators, with the bot able to post).
    /// Null when it may not; the reply says why.
    /// </summary>
    private async Task<FollowTarget?> TargetAsync(ChatPlace origin, Sender sender, string? channel, CancellationToken token)
    {
        if (channel is null)
        {
            if (!sender.IsChannelPost && !await admins.MayChangeAsync(origin.ChatId, sender.UserId, token))
            {
                outbox.EnqueueText(origin, Replies.AdminsOnly);
                return null;
            }

            return new FollowTarget(origin.ChatId, origin.ThreadId, "This chat", IsOrigin: true);
        }

        if (origin.ChatId < 0 || sender.UserId is not { } userId)
        {
            outbox.EnqueueText(origin, Replies.ChannelsFromPrivateChat);
            return null;
        }

        if (!ChannelAccess.TryParse(channel, out var channelRef))
        {
            outbox.EnqueueText(origin, Replies.InvalidChannel(channel));
            return null;
        }

        var (check, channelId, title) = await channels.CheckAsync(channelRef, userId, token);
        if (check != ChannelCheck.Ready)
        {
            outbox.EnqueueText(origin, Replies.ForChannelCheck(check, title));
            return null;
        }

        return new FollowTarget(channelId, null, title, IsOrigin: false);
    }

    private sealed record FollowTarget(long ChatId, int? ThreadId, string Name, bool IsOrigin);

    /// <summary>What the chat (or, from a private chat, a channel) follows, with an Unsubscribe button per account.</summary>
    public void List(ChatPlace origin, Sender sender, IReadOnlyList<string> arguments)
    {
        if (arguments.Count > 1)
        {
            outbox.EnqueueText(origin, "Usage: /subscriptions [@channel]");
            return;
        }

        RunOrSayBusy(origin, async token =>
        {
            FollowTarget target;
            if (arguments.Count == 0)
                target = new FollowTarget(origin.ChatId, origin.ThreadId, "This chat", IsOrigin: true);
            else if (await TargetAsync(origin, sender, arguments[0], token) is { } channel)
                target = channel;
            else
                return;

            if (Render(target) is { } list)
            {
                // A list too long for one message goes as several plain ones, its buttons under a short one after.
                if (list.Full is { } full)
                    outbox.EnqueueText(origin, full);
                outbox.EnqueueLiveText(origin, list.Live);
            }
            else
                outbox.EnqueueText(origin, StorageTrouble);
        });
    }

    /// <summary>
    /// The list with one Unsubscribe button per account (the first hundred: Telegram's limit), as one message when
    /// it fits; otherwise <c>Full</c> is the list to send as plain messages and <c>Live</c> carries only the
    /// buttons. Null when storage fails.
    /// </summary>
    private (string? Full, LiveText Live)? Render(FollowTarget target) => Try<(string?, LiveText)?>(() =>
    {
        var list = subscriptions.ForChat(target.ChatId);
        if (list.Count == 0)
            return (null, new LiveText($"{target.Name} follows no one yet. Try /subscribe snap coastal_ivy{(target.IsOrigin ? "" : " @channel")}"));

        var lines = new StringBuilder($"{target.Name} follows {list.Count}:\n");
        foreach (var subscription in list)
        {
            var state = accountStates.Find(subscription.Platform, subscription.Username);
            lines.Append($"• {Replies.PlatformName(subscription.Platform)} {AccountLinks.Mark(subscription.Platform, subscription.Username)} — checked {Ago(state?.LastCheckedAt)}, last delivered {Ago(subscription.LastDeliveredAt)}");
            if (subscription.Paused)
                lines.Append(" (paused)");
            lines.Append('\n');
        }

        var buttons = list.Take(MaxButtons)
            .Select(s => new TextButton(
                $"Unsubscribe {s.Username} ({Replies.PlatformName(s.Platform)})",
                new ButtonAction(ButtonVerb.Unfollow, s.Platform, s.Username, target.IsOrigin ? null : target.ChatId).Data))
            .ToList();
        var text = lines.ToString().TrimEnd();
        return text.Length <= TextChunks.MaxLength
            ? (null, new LiveText(text, buttons))
            : (text, new LiveText($"Tap an account to unsubscribe {(target.IsOrigin ? "this chat" : target.Name)}:", buttons));
    });

    /// <summary>
    /// A Follow or Unsubscribe button was pressed under <paramref name="messageId"/>. Acts at most once however
    /// often it is pressed (the second press finds the change made and says so), updates the message so its
    /// buttons match what is true now, and returns the short answer shown to the one who pressed it. A follow's
    /// first poll runs afterwards, in the chat's order.
    /// </summary>
    public async Task<string> PressAsync(ChatPlace at, int messageId, Sender sender, ButtonAction action, CancellationToken token)
    {
        FollowTarget target;
        if (action.ChannelId is { } channelId)
        {
            if (at.ChatId < 0 || sender.UserId is not { } userId)
                return Replies.OutOfDateButton;
            var (check, _, title) = await channels.CheckAsync(new global::Telegram.Bot.Types.ChatId(channelId), userId, token);
            if (check is ChannelCheck.UserNotAdmin or ChannelCheck.NotFound or ChannelCheck.NotAChannel or ChannelCheck.Unknown)
                return Replies.ForChannelCheck(check, title);
            target = new FollowTarget(channelId, null, title, IsOrigin: false);
        }
        else
        {
            if (!sender.IsChannelPost && !await admins.MayChangeAsync(at.ChatId, sender.UserId, token))
                return Replies.AdminsOnly;
            target = new FollowTarget(at.ChatId, at.ThreadId, "This chat", IsOrigin: true);
        }

        var name = AccountLinks.Mark(action.Platform, action.Username);
        if (action.Verb == ButtonVerb.Unfollow)
        {
            var removed = Try<bool?>(() => subscriptions.Remove(target.ChatId, action.Platform, action.Username));
            if (removed is null)
                return "Nothing changed: my database is unreachable.";
            if (Render(target) is { } list)
                await outbox.EditLiveTextAsync(at.ChatId, messageId, list.Live, token);
            return removed.Value ? $"Unsubscribed from {action.Username}." : $"{target.Name} no longer follows {action.Username}.";
        }

        switch (Add(at.InTopic, target, action.Platform, action.Username, sender.UserId))
        {
            case null:
                return "Nothing changed: my database is unreachable.";
            case SubscribeResult.LimitReached:
                return $"{target.Name} follows the most accounts it can.";
            case var result:
                await outbox.EditLiveTextAsync(at.ChatId, messageId,
                    new LiveText($"{target.Name} follows {name} on {Replies.PlatformName(action.Platform)}: new stories will arrive by themselves."), token);
                if (result == SubscribeResult.AlreadySubscribed)
                    return $"{target.Name} already follows {action.Username}.";
                // Whatever of the current story did not arrive yet (an item that failed) comes now, in the chat's order.
                RunOrSayBusy(at.InTopic, work => FirstPollAsync(at.InTopic, target, action.Platform, action.Username, work));
                return $"Following {action.Username}.";
        }
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
        if (!work.Run(chatId, async token =>
            {
                try
                {
                    await job(token);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested && !work.Stopping)
                {
                    // /cancel: a poll stops where it is; only what Telegram accepted was recorded.
                    outbox.EnqueueText(origin, "Cancelled.");
                }
            }))
            outbox.EnqueueText(origin, Replies.Busy);
    }

    private const string StorageTrouble = "I can't reach my database right now, so nothing was changed. Please try again in a moment.";

    private static bool TryParseAccount(IReadOnlyList<string> arguments, string usage, out StoryCommandSpec spec, out string username, out string? channel, out string error)
    {
        spec = StoryCommandSpec.Snapchat;
        username = "";
        channel = arguments.Count == 3 ? arguments[2] : null;
        error = usage;
        if (arguments.Count is not (2 or 3))
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
