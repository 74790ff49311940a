using StoryBot.Bot.Texts;
using StoryBot.Core.Outbox;

namespace StoryBot.Bot.Commands;

/// <summary>
/// Runs a subscription command's work in the chat's lane of the <see cref="ChatWorkQueue"/>, saying so when the
/// lane is full, and "Cancelled." when /cancel stopped it (not when the host is shutting down: nobody asked).
/// </summary>
public sealed class ChatJobs(ChatWorkQueue work, ChatOutbox outbox)
{
    public void RunOrSayBusy(ChatPlace origin, Func<CancellationToken, Task> job)
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
}
