using System.Text;
using Microsoft.Extensions.Logging;
using StoryBot.Bot.Texts;
using StoryBot.Core.Outbox;
using StoryBot.Core.Storage;

namespace StoryBot.Bot.Commands;

/// <summary>
/// /subscriptions [@channel]: what the chat (or, from a private chat, a channel) follows, with an Unsubscribe
/// button per account. <see cref="Render"/> also redraws the list after a button took an account off it.
/// </summary>
public sealed class SubscriptionList(
    SubscriptionStore subscriptions,
    AccountStateStore accountStates,
    FollowTargets targets,
    ChatJobs jobs,
    ChatOutbox outbox,
    TimeProvider timeProvider,
    ILogger<SubscriptionList> logger)
{
    /// <summary>Telegram's limit on one message's buttons is 100; a chat follows at most MaxPerChat (50 by default).</summary>
    private const int MaxButtons = 100;

    public void List(ChatPlace origin, Sender sender, IReadOnlyList<string> arguments)
    {
        if (arguments.Count > 1)
        {
            outbox.EnqueueText(origin, "Usage: /subscriptions [@channel]");
            return;
        }

        jobs.RunOrSayBusy(origin, async token =>
        {
            FollowTarget target;
            if (arguments.Count == 0)
                target = FollowTarget.Here(origin);
            else if (await targets.ForCommandAsync(origin, sender, arguments[0], token) is { } channel)
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
                outbox.EnqueueText(origin, StorageCalls.Trouble);
        });
    }

    /// <summary>
    /// The list with one Unsubscribe button per account (the first hundred: Telegram's limit), as one message when
    /// it fits; otherwise <c>Full</c> is the list to send as plain messages and <c>Live</c> carries only the
    /// buttons. Null when storage fails.
    /// </summary>
    public (string? Full, LiveText Live)? Render(FollowTarget target) => StorageCalls.Try<(string?, LiveText)?>(logger, () =>
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

    private string Ago(DateTime? at) => RelativeTime.Ago(at, timeProvider.GetUtcNow());
}
