using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoryBot.Bot.Texts;
using StoryBot.Core.Outbox;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;
using StoryBot.Core.Subscriptions;

namespace StoryBot.Bot.Commands;

/// <summary>
/// Adds and removes a target's subscriptions, and runs a new one's first poll: what /subscribe, /unsubscribe and
/// the Follow and Unsubscribe buttons share.
/// </summary>
public sealed class SubscriptionChanges(
    SubscriptionStore subscriptions,
    AccountPoller poller,
    ChatOutbox outbox,
    IOptions<SubscriptionOptions> options,
    TimeProvider timeProvider,
    ILogger<SubscriptionChanges> logger)
{
    /// <summary>Tells <paramref name="origin"/> when the target follows the most it can.</summary>
    /// <returns>Null when storage failed (the chat was told).</returns>
    public SubscribeResult? Add(ChatPlace origin, FollowTarget target, Platform platform, string username, long? userId)
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
            outbox.EnqueueText(origin, StorageCalls.Trouble);
            return null;
        }
    }

    /// <returns>Whether it was followed; null when storage failed (logged, nobody told).</returns>
    public bool? Remove(FollowTarget target, Platform platform, string username) =>
        StorageCalls.Try<bool?>(logger, () => subscriptions.Remove(target.ChatId, platform, username));

    /// <summary>
    /// What is on now counts as new for the target: it arrives now (to the target chat) and counts as delivered,
    /// and problems are told to <paramref name="origin"/> at once.
    /// </summary>
    public async Task FirstPollAsync(ChatPlace origin, FollowTarget target, Platform platform, string username, CancellationToken token)
    {
        var poll = await poller.PollAsync(platform, username, target.ChatId, token);
        if (poll.Fetch is { Outcome: FetchOutcome.NotFound or FetchOutcome.NotPublic or FetchOutcome.Unavailable } gone)
        {
            // Nothing will ever come from it: do not keep (and poll) a subscription to it.
            Remove(target, platform, username);
            outbox.EnqueueText(origin, $"{Replies.ForOutcome(gone, StoryKind.Stories, timeProvider.GetUtcNow())} Not following it.");
        }
        else if (poll.Fetch is { Outcome: not (FetchOutcome.Ok or FetchOutcome.NoCurrentStory) } fetch)
            outbox.EnqueueText(origin, Replies.ForOutcome(fetch, StoryKind.Stories, timeProvider.GetUtcNow()));
        else if (poll.Fetch is { Outcome: FetchOutcome.NoCurrentStory })
            outbox.EnqueueText(origin, $"{AccountLinks.Mark(platform, username)} has no story right now; the next one will arrive {(target.IsOrigin ? "here" : "there")}.");
    }
}
