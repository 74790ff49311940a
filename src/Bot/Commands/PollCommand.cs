using Microsoft.Extensions.Logging;
using StoryBot.Bot.Texts;
using StoryBot.Core.Outbox;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;
using StoryBot.Core.Subscriptions;

namespace StoryBot.Bot.Commands;

/// <summary>
/// /poll: checks this chat's accounts now, without waiting for the scheduler; sends only what the chat has not
/// received yet, and says so when that is nothing.
/// </summary>
public sealed class PollCommand(
    SubscriptionStore subscriptions,
    AccountPoller poller,
    ChatJobs jobs,
    ChatOutbox outbox,
    TimeProvider timeProvider,
    ILogger<PollCommand> logger)
{
    public void Poll(ChatPlace origin)
    {
        var chatId = origin.ChatId;
        jobs.RunOrSayBusy(origin, async token =>
        {
            var list = StorageCalls.Try(logger, () => subscriptions.ForChat(chatId));
            if (list is null)
            {
                outbox.EnqueueText(origin, StorageCalls.Trouble);
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
                    problems.Add(StorageCalls.Trouble);
            }

            if (problems.Count > 0)
                outbox.EnqueueText(origin, string.Join('\n', problems.Distinct()));
            if (newItems == 0)
                outbox.EnqueueText(origin, $"Nothing new from the {list.Count} account{(list.Count == 1 ? "" : "s")} this chat follows.");
        });
    }
}
