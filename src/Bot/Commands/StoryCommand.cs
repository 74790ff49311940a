using Microsoft.Extensions.Logging;
using StoryBot.Bot.Texts;
using StoryBot.Core.Delivery;
using StoryBot.Core.Outbox;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;
using StoryBot.Core.Subscriptions;

namespace StoryBot.Bot.Commands;

/// <summary>
/// /snap and /insta: &lt;username or link&gt; [kind]. Input is checked before any network request; the fetch runs
/// off the polling loop, in order per chat, and its items are delivered with <see cref="FailurePolicy.ReportNow"/>.
/// </summary>
public sealed class StoryCommand(
    StorySources sources,
    StoryDelivery delivery,
    ChatOutbox outbox,
    ChatWorkQueue work,
    AccountPoller poller,
    SubscriptionStore subscriptions,
    TimeProvider timeProvider,
    ILogger<StoryCommand> logger)
{
    /// <summary>A little under the ~5 s Telegram shows a chat action for.</summary>
    private static readonly TimeSpan ChatActionRefresh = TimeSpan.FromSeconds(4.5);

    public async Task HandleAsync(StoryCommandSpec spec, ChatPlace origin, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var chatId = origin.ChatId;
        var reply = Validate(spec, arguments, out var username, out var kind);
        if (reply is not null)
        {
            outbox.EnqueueText(origin, reply);
            return;
        }

        if (!work.Run(chatId, token => FetchAndEnqueueAsync(spec.Platform, origin, username, kind, token)))
            outbox.EnqueueText(origin, Replies.Busy);
    }

    /// <returns>The reply for bad input, or null when the command can go ahead.</returns>
    private static string? Validate(StoryCommandSpec spec, IReadOnlyList<string> arguments, out string username, out StoryKind kind)
    {
        username = "";
        kind = StoryKind.Stories;
        if (arguments.Count is 0 or > 2)
            return spec.Usage;
        if (!spec.TryParseUsername(arguments[0], out username))
            return Replies.InvalidUsername(spec.Platform, spec.UsernameRule, spec.Usage, arguments[0]);
        if (arguments.Count == 2 && (!StoryKindNames.TryParse(arguments[1], out kind) || !spec.Kinds.Contains(kind)))
            return Replies.UnknownKind(spec.Kinds, spec.Usage, arguments[1]);
        return null;
    }

    private async Task FetchAndEnqueueAsync(Platform platform, ChatPlace origin, string username, StoryKind kind, CancellationToken cancellationToken)
    {
        var chatId = origin.ChatId;
        ProgressMessage? progress = null;
        LatestProgress? tally = null;
        int? items = null;
        try
        {
            await outbox.ShowActivityAsync(origin.InTopic, ChatActivity.Typing, cancellationToken);
            // Exclusive with this account's polls until delivered and recorded: a /subscribe or scheduled poll
            // right after must see what this sent, or it would send the same items again.
            await poller.ExclusiveAsync(platform, username, async () =>
            {
                var result = await sources.FetchAsync(platform, username, kind, cancellationToken);
                if (result.Outcome != FetchOutcome.Ok)
                {
                    // Through the chat's outbox, so it comes after the albums of earlier commands, not before them.
                    outbox.EnqueueText(origin, Replies.ForOutcome(result, result.Kind ?? kind, timeProvider.GetUtcNow()));
                    return 0;
                }

                items = result.Items.Count;
                // A highlight link brings a highlight whatever the command said.
                var request = new DeliveryRequest(origin, result.Account, result.Kind ?? kind, result.Items);
                // A single album needs only the chat action; more get one message that follows them.
                var albums = AlbumPlanner.Plan(result.Items, request.Targets).Count;
                if (albums > 1)
                    progress = await ProgressMessage.StartAsync(outbox, origin, result.Account, request.Kind, albums, timeProvider, cancellationToken);

                var shown = result.Items.Any(item => item.Kind == MediaKind.Video) ? ChatActivity.UploadingVideo : ChatActivity.UploadingPhoto;
                tally = new LatestProgress(progress);
                var delivering = delivery.DeliverAsync(request with { Progress = tally }, FailurePolicy.ReportNow, cancellationToken);
                await KeepShowingWorkAsync(origin.InTopic, shown, delivering, cancellationToken);
                var delivered = await delivering;
                if (progress is not null)
                    await progress.FinishAsync(Replies.ProgressEnded(delivered.Delivered.Count, result.Items.Count, albums), cancellationToken);
                if (delivered.Delivered.Count > 0)
                    OfferToFollow(origin, result.Account);
                return 0;
            }, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !work.Stopping)
        {
            // /cancel: downloads and ffmpeg were stopped, nothing more of this request is sent, and only what
            // Telegram accepted was recorded.
            var sent = tally?.Latest?.ItemsSent ?? 0;
            logger.LogInformation("{Platform} {Username} for chat {ChatId} cancelled after {Sent} item(s)", platform, username, chatId, sent);
            var summary = Replies.Cancelled(sent, items);
            if (progress is not null)
                await progress.FinishAsync(Replies.ProgressCancelled(tally?.Latest?.AlbumsDone ?? 0, progress.Albums), CancellationToken.None);
            outbox.EnqueueText(origin, summary);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "{Platform} {Username} for chat {ChatId} failed", platform, username, chatId);
            outbox.EnqueueText(origin, Replies.FetchCrashed);
        }
        finally
        {
            if (progress is not null)
                await progress.DisposeAsync();
        }
    }

    /// <summary>
    /// One tap to follow the account whose story just arrived, in a chat that does not follow it yet (a chat that
    /// does gets no extra message).
    /// </summary>
    private void OfferToFollow(ChatPlace origin, StoryAccount account)
    {
        try
        {
            if (subscriptions.Followers(account.Platform, account.Username).Any(s => s.ChatId == origin.ChatId))
                return;
        }
        catch (Exception ex) when (StorageErrors.Is(ex))
        {
            return;   // an offer is a courtesy
        }

        var follow = new ButtonAction(ButtonVerb.Follow, account.Platform, account.Username);
        outbox.EnqueueLiveText(origin.InTopic, new LiveText(Replies.FollowOffer(account.Platform, account.Username), [new TextButton(Replies.FollowButton, follow.Data)]));
    }

    /// <summary>
    /// Telegram shows a chat action for about 5 s. A story can take minutes to download and convert (a long video),
    /// so the chat keeps seeing "sending a video…" until it arrives, instead of a bot that seems to have gone quiet.
    /// </summary>
    private async Task KeepShowingWorkAsync(ChatPlace place, ChatActivity activity, Task work, CancellationToken cancellationToken)
    {
        // Not awaited one by one: a flooded chat must not keep this command (and the account lock it holds)
        // waiting after the story is done.
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
                    showing = outbox.ShowActivityAsync(place, activity, done.Token);
            }
        }
        finally
        {
            await done.CancelAsync();
        }
    }
}
