using Microsoft.Extensions.Logging;
using StoryBot.Core.Pipeline;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;
using StoryBot.Core.Subscriptions;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace StoryBot.Bot.Commands;

/// <summary>
/// /snap and /insta: &lt;username or link&gt; [kind]. Input is checked before any network request; the fetch runs
/// off the polling loop, in order per chat, and its items go to the shared pipeline.
/// </summary>
public sealed class StoryCommand(
    ITelegramBotClient bot,
    StorySources sources,
    StoryPipeline pipeline,
    ChatWorkQueue work,
    DeliveryLedger ledger,
    SubscriptionStore subscriptions,
    ChatMigrations migrations,
    AccountPoller poller,
    TimeProvider timeProvider,
    ILogger<StoryCommand> logger)
{
    /// <summary>A little under the ~5 s Telegram shows a chat action for.</summary>
    private static readonly TimeSpan ChatActionRefresh = TimeSpan.FromSeconds(4.5);

    public async Task HandleAsync(StoryCommandSpec spec, long chatId, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var reply = Validate(spec, arguments, out var username, out var kind);
        if (reply is not null)
        {
            pipeline.EnqueueText(chatId, reply);
            return;
        }

        if (!work.Run(chatId, token => FetchAndEnqueueAsync(spec.Platform, chatId, username, kind, token)))
            pipeline.EnqueueText(chatId, Replies.Busy);
    }

    /// <returns>The reply for bad input, or null when the command can go ahead.</returns>
    private static string? Validate(StoryCommandSpec spec, IReadOnlyList<string> arguments, out string username, out StoryKind kind)
    {
        username = "";
        kind = StoryKind.Stories;
        if (arguments.Count is 0 or > 2)
            return spec.Usage;
        if (!spec.TryParseUsername(arguments[0], out username))
            return Replies.InvalidUsername(spec, arguments[0]);
        if (arguments.Count == 2 && (!StoryKindNames.TryParse(arguments[1], out kind) || !spec.Kinds.Contains(kind)))
            return Replies.UnknownKind(spec, arguments[1]);
        return null;
    }

    private async Task FetchAndEnqueueAsync(Platform platform, long chatId, string username, StoryKind kind, CancellationToken cancellationToken)
    {
        try
        {
            await ShowActionAsync(chatId, ChatAction.Typing, cancellationToken);
            // Exclusive with this account's polls until delivered and recorded: a /subscribe or scheduled poll
            // right after must see what this sent, or it would send the same items again.
            await poller.ExclusiveAsync(platform, username, async () =>
            {
                var result = await sources.FetchAsync(platform, username, kind, cancellationToken);
                if (result.Outcome != FetchOutcome.Ok)
                {
                    // Through the chat's queue, so it comes after the albums of earlier commands, not before them.
                    pipeline.EnqueueText(chatId, Replies.ForOutcome(result, kind, timeProvider.GetUtcNow()));
                    return 0;
                }

                var action = result.Items.Any(item => item.Kind == MediaKind.Video) ? ChatAction.UploadVideo : ChatAction.UploadPhoto;
                var target = chatId;
                var sent = new HashSet<string>(StringComparer.Ordinal);
                // At most twice: a group upgraded to a supergroup while its story was on the way gets the rest at
                // its new id (the part already sent stays in the group's history, which the supergroup keeps).
                for (var attempt = 0; attempt < 2; attempt++)
                {
                    var observer = new LedgerObserver(ledger, subscriptions, migrations, retryFailuresLater: false, logger);
                    var rest = result.Items.Where(item => !sent.Contains(item.Id)).ToList();
                    var delivery = await pipeline.EnqueueAsync(new DeliveryRequest(target, result.Account, kind, rest) { Observer = observer }, cancellationToken);
                    await KeepShowingWorkAsync(target, action, delivery, cancellationToken);
                    var outcome = await delivery.WaitAsync(cancellationToken);
                    var moved = observer.Migrated.FirstOrDefault(m => m.From == target);
                    if (moved.To == 0)
                        break;
                    sent.UnionWith(outcome.Delivered.Select(d => d.Item.Id));
                    target = moved.To;
                }

                return 0;
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "{Platform} {Username} for chat {ChatId} failed", platform, username, chatId);
            pipeline.EnqueueText(chatId, Replies.FetchCrashed);
        }
    }

    /// <summary>
    /// Telegram shows a chat action for about 5 s. A story can take minutes to download and convert (a long video),
    /// so the chat keeps seeing "sending a video…" until it arrives, instead of a bot that seems to have gone quiet.
    /// </summary>
    private async Task KeepShowingWorkAsync(long chatId, ChatAction action, Task work, CancellationToken cancellationToken)
    {
        // Not awaited one by one: the action's client keeps the library's 429 retry, and a flooded chat must not
        // keep this command (and the account lock it holds) waiting after the story is done.
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var ticks = new PeriodicTimer(ChatActionRefresh, timeProvider);
        var showing = Task.CompletedTask;
        try
        {
            while (true)
            {
                var tick = ticks.WaitForNextTickAsync(cancellationToken).AsTask();
                if (await Task.WhenAny(work, tick) == work || !await tick)
                    return;
                if (showing.IsCompleted)
                    showing = ShowActionAsync(chatId, action, done.Token);
            }
        }
        finally
        {
            await done.CancelAsync();
        }
    }

    /// <summary>Best effort: a chat action that fails changes nothing.</summary>
    private async Task ShowActionAsync(long chatId, ChatAction action, CancellationToken cancellationToken)
    {
        try
        {
            await bot.SendChatAction(chatId, action, cancellationToken: cancellationToken);
        }
        catch (RequestException ex)
        {
            logger.LogDebug("Chat action for {ChatId} failed: {Reason}", chatId, ex.Message);
        }
    }
}
