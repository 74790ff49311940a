using Microsoft.Extensions.Logging;
using StoryBot.Core.Media;
using StoryBot.Core.Outbox;
using StoryBot.Core.Sources;
using StoryBot.Core.Sources.Instagram;
using StoryBot.Core.Storage;
using StoryBot.Core.Subscriptions;

namespace StoryBot.Bot.Commands;

/// <summary>
/// The admins' /status: subscriptions, the schedule, the queues, the last day's deliveries and the Instagram
/// session, one line each. Read from memory and the database only; it asks no site and waits in no lane.
/// </summary>
public sealed class StatusCommand(
    SubscriptionStore subscriptions,
    DeliveryLedger ledger,
    SubscriptionScheduler scheduler,
    MediaStages media,
    ChatOutbox outbox,
    InstagramGate instagramGate,
    InstagramSession instagramSession,
    InstagramIdLookup instagramLookup,
    TimeProvider timeProvider,
    ILogger<StatusCommand> logger)
{
    public void Status(ChatPlace origin)
    {
        var text = StorageCalls.Try(logger, () =>
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
        outbox.EnqueueText(origin, text ?? StorageCalls.Trouble);
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

    private string Ago(DateTime? at) => RelativeTime.Ago(at, timeProvider.GetUtcNow());

    private string In(DateTimeOffset? at) => RelativeTime.Until(at, timeProvider.GetUtcNow());
}
