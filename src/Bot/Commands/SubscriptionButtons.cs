using StoryBot.Bot.Texts;
using StoryBot.Core.Outbox;
using StoryBot.Core.Storage;

namespace StoryBot.Bot.Commands;

/// <summary>
/// What a Follow or Unsubscribe button does when pressed (see <see cref="ButtonAction"/>). The answer is short: it
/// shows for a moment to the one who pressed, not in the chat.
/// </summary>
public sealed class SubscriptionButtons(
    SubscriptionChanges changes,
    SubscriptionList lists,
    FollowTargets targets,
    ChatJobs jobs,
    ChatOutbox outbox)
{
    private const string NothingChanged = "Nothing changed: my database is unreachable.";

    /// <summary>
    /// A Follow or Unsubscribe button was pressed under <paramref name="messageId"/>. Acts at most once however
    /// often it is pressed (the second press finds the change made and says so), updates the message so its
    /// buttons match what is true now, and returns the short answer shown to the one who pressed it. A follow's
    /// first poll runs afterwards, in the chat's order.
    /// </summary>
    public async Task<string> PressAsync(ChatPlace at, int messageId, Sender sender, ButtonAction action, CancellationToken token)
    {
        var (found, refusal) = await targets.ForButtonAsync(at, sender, action.ChannelId, token);
        if (found is not { } target)
            return refusal!;

        if (action.Verb == ButtonVerb.Unfollow)
        {
            var removed = changes.Remove(target, action.Platform, action.Username);
            if (removed is null)
                return NothingChanged;
            if (lists.Render(target) is { } list)
                await outbox.EditLiveTextAsync(at.ChatId, messageId, list.Live, token);
            return removed.Value ? $"Unsubscribed from {action.Username}." : $"{target.Name} no longer follows {action.Username}.";
        }

        var name = AccountLinks.Mark(action.Platform, action.Username);
        switch (changes.Add(at.InTopic, target, action.Platform, action.Username, sender.UserId))
        {
            case null:
                return NothingChanged;
            case SubscribeResult.LimitReached:
                return $"{target.Name} follows the most accounts it can.";
            case var result:
                await outbox.EditLiveTextAsync(at.ChatId, messageId,
                    new LiveText($"{target.Name} follows {name} on {Replies.PlatformName(action.Platform)}: new stories will arrive by themselves."), token);
                if (result == SubscribeResult.AlreadySubscribed)
                    return $"{target.Name} already follows {action.Username}.";
                // Whatever of the current story did not arrive yet (an item that failed) comes now, in the chat's order.
                jobs.RunOrSayBusy(at.InTopic, work => changes.FirstPollAsync(at.InTopic, target, action.Platform, action.Username, work));
                return $"Following {action.Username}.";
        }
    }
}
