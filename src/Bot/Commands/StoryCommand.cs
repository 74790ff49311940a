using Microsoft.Extensions.Logging;
using StoryBot.Bot.Texts;
using StoryBot.Core.Delivery;
using StoryBot.Core.Outbox;
using StoryBot.Core.Sources;
using StoryBot.Core.Sources.Snapchat;
using StoryBot.Core.Storage;
using StoryBot.Core.Subscriptions;

namespace StoryBot.Bot.Commands;

/// <summary>
/// /snap and /insta: &lt;username or link&gt; [kind]. Input is checked before any network request; the fetch runs
/// off the polling loop, in order per chat, and its items are delivered with <see cref="FailurePolicy.ReportNow"/>.
/// More than one album shows a progress message; /cancel stops the request and says what was sent.
/// </summary>
public sealed class StoryCommand(
    StorySources sources,
    StoryDelivery delivery,
    ChatOutbox outbox,
    ChatWorkQueue work,
    AccountPoller poller,
    SnapchatShortLinks snapchatShortLinks,
    SubscriptionStore subscriptions,
    TimeProvider timeProvider,
    ILogger<StoryCommand> logger)
{
    /// <summary>A little under the ~5 s Telegram shows a chat action for.</summary>
    private static readonly TimeSpan ChatActionRefresh = TimeSpan.FromSeconds(4.5);

    public async Task HandleAsync(StoryCommandSpec spec, ChatPlace origin, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var chatId = origin.ChatId;
        if (spec.Platform == Platform.Snapchat && arguments.Count is 1 or 2 &&
            SnapchatLink.TryParse(arguments[0], out var link) && link.Kind != SnapchatLinkKind.Profile)
        {
            HandleSnapchatLink(spec, origin, link, arguments);
            return;
        }

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

    /// <summary>
    /// A short link or a spotlight link: whose it is only a request tells, so that request runs with the fetch, off
    /// the polling loop. Alone, a spotlight link brings that spotlight; with a kind, that kind of its creator's profile.
    /// </summary>
    private void HandleSnapchatLink(StoryCommandSpec spec, ChatPlace origin, SnapchatLink link, IReadOnlyList<string> arguments)
    {
        StoryKind? kind = null;
        if (arguments.Count == 2)
        {
            if (!StoryKindNames.TryParse(arguments[1], out var asked) || !spec.Kinds.Contains(asked))
            {
                outbox.EnqueueText(origin, Replies.UnknownKind(spec.Kinds, spec.Usage, arguments[1]));
                return;
            }

            kind = asked;
        }

        if (!work.Run(origin.ChatId, token => FetchSnapchatLinkAndEnqueueAsync(spec, origin, link, kind, token)))
            outbox.EnqueueText(origin, Replies.Busy);
    }

    private Task FetchSnapchatLinkAndEnqueueAsync(StoryCommandSpec spec, ChatPlace origin, SnapchatLink link, StoryKind? kind, CancellationToken cancellationToken) =>
        RunAsync(origin, $"Snapchat {link.Kind} {link.Value}", async request =>
        {
            if (await snapchatShortLinks.ResolveAsync(link, cancellationToken) is not { } resolved)
            {
                outbox.EnqueueText(origin, Replies.ShortLinkNotOpened(spec.Usage));
                return;
            }

            if (resolved.Kind == SnapchatLinkKind.Profile)
            {
                await FetchAndDeliverAsync(Platform.Snapchat, origin, resolved.Value, kind ?? StoryKind.Stories, request, cancellationToken);
                return;
            }

            var spotlight = await sources.WithSlotAsync(
                Platform.Snapchat, source => ((SnapchatSource)source).FetchSpotlightAsync(resolved.Value, cancellationToken), cancellationToken);
            if (spotlight.Outcome != FetchOutcome.Ok)
                outbox.EnqueueText(origin, Replies.ForSpotlight(spotlight));
            else if (kind is { } asked)
                await FetchAndDeliverAsync(Platform.Snapchat, origin, spotlight.Account.Username, asked, request, cancellationToken);
            else
            {
                // Not under the account's poll lock: polls read stories only, never a spotlight's item.
                await DeliverAsync(origin, spotlight, StoryKind.Spotlight, request, cancellationToken);
            }
        }, cancellationToken);

    private Task FetchAndEnqueueAsync(Platform platform, ChatPlace origin, string username, StoryKind kind, CancellationToken cancellationToken) =>
        RunAsync(origin, $"{platform} {username}", request => FetchAndDeliverAsync(platform, origin, username, kind, request, cancellationToken), cancellationToken);

    /// <summary>
    /// Runs one request with what every request needs around it: "typing…" first, the /cancel summary, a reply when
    /// it crashed, and its progress message closed.
    /// </summary>
    private async Task RunAsync(ChatPlace origin, string what, Func<RequestProgress, Task> run, CancellationToken cancellationToken)
    {
        var request = new RequestProgress();
        try
        {
            await outbox.ShowActivityAsync(origin.InTopic, ChatActivity.Typing, cancellationToken);
            await run(request);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !work.Stopping)
        {
            // /cancel: downloads and ffmpeg were stopped, nothing more of this request is sent, and only what
            // Telegram accepted was recorded.
            var sent = request.Tally?.Latest?.ItemsSent ?? 0;
            logger.LogInformation("{Request} for chat {ChatId} cancelled after {Sent} item(s)", what, origin.ChatId, sent);
            if (request.Message is { } message)
                await message.FinishAsync(Replies.ProgressCancelled(sent, request.Items ?? 0), CancellationToken.None);
            outbox.EnqueueText(origin, Replies.Cancelled(sent, request.Items));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "{Request} for chat {ChatId} failed", what, origin.ChatId);
            outbox.EnqueueText(origin, Replies.FetchCrashed);
        }
        finally
        {
            if (request.Message is not null)
                await request.Message.DisposeAsync();
        }
    }

    /// <summary>How far one request got: its item count once fetched, its progress message, its last progress.</summary>
    private sealed class RequestProgress
    {
        public int? Items { get; set; }
        public ProgressMessage? Message { get; set; }
        public LatestProgress? Tally { get; set; }
    }

    private async Task FetchAndDeliverAsync(Platform platform, ChatPlace origin, string username, StoryKind kind, RequestProgress request, CancellationToken cancellationToken)
    {
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

            // A highlight link brings a highlight whatever the command said.
            await DeliverAsync(origin, result, result.Kind ?? kind, request, cancellationToken);
            return 0;
        }, cancellationToken);
    }

    private async Task DeliverAsync(ChatPlace origin, StoryFetchResult result, StoryKind kind, RequestProgress request, CancellationToken cancellationToken)
    {
        request.Items = result.Items.Count;
        var deliveryRequest = new DeliveryRequest(origin, result.Account, kind, result.Items);
        // A single album needs only the chat action; more get one message that follows them.
        var albums = AlbumPlanner.Plan(result.Items, deliveryRequest.Targets).Count;
        if (albums > 1)
            request.Message = await ProgressMessage.StartAsync(outbox, origin, result.Account, kind, albums, timeProvider, cancellationToken);
        request.Tally = new LatestProgress(request.Message);

        var shown = result.Items.Any(item => item.Kind == MediaKind.Video) ? ChatActivity.UploadingVideo : ChatActivity.UploadingPhoto;
        var delivering = delivery.DeliverAsync(deliveryRequest with { Progress = request.Tally }, FailurePolicy.ReportNow, cancellationToken);
        try
        {
            await KeepShowingWorkAsync(origin.InTopic, shown, delivering, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // /cancel: the delivery says itself when it has stopped, after an album under way was sent and recorded.
        }

        var delivered = await delivering;
        if (request.Message is { } message)
            await message.FinishAsync(Replies.ProgressEnded(delivered.Delivered.Count, result.Items.Count, albums), cancellationToken);
        // After the albums: they are what was asked for, this only says that some could not be read.
        if (result.MoreNotShown)
            outbox.EnqueueText(origin, Replies.MoreNotShown(result.Account, kind));
        if (delivered.Delivered.Count > 0)
            OfferToFollow(origin, result.Account);
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
