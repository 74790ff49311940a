using Microsoft.Extensions.Logging;
using StoryBot.Core.Media;
using StoryBot.Core.Outbox;

namespace StoryBot.Core.Delivery;

/// <summary>
/// The one entry point for "deliver this fetched story to these chats": media is fetched and prepared once per
/// item (<see cref="MediaStages"/>), albums are planned (<see cref="AlbumPlanner"/>), sent through each chat's
/// lane of the <see cref="ChatOutbox"/>, and recorded as Telegram accepts them. A group that turns out to have
/// become a supergroup is sent the rest at its new id within the same call.
/// </summary>
public sealed class StoryDelivery
{
    private readonly MediaStages _media;
    private readonly ChatOutbox _outbox;
    private readonly DeliveryRecorder _recorder;
    private readonly ILogger<StoryDelivery> _logger;

    internal StoryDelivery(MediaStages media, ChatOutbox outbox, DeliveryRecorder recorder, ILogger<StoryDelivery> logger)
    {
        _media = media;
        _outbox = outbox;
        _recorder = recorder;
        _logger = logger;
    }

    /// <summary>Delivers and waits until every chat has its albums and report. Never throws for a single item.</summary>
    public async Task<DeliveryResult> DeliverAsync(DeliveryRequest request, FailurePolicy policy, CancellationToken cancellationToken)
    {
        var result = await RunAsync(request, policy, cancellationToken);
        if (result.Moved.Count == 0)
            return result;

        // Followed once: the new id gets what the old one was meant to get and did not.
        var followUp = result.Moved
            .Select(move =>
            {
                var target = request.Targets.First(t => t.ChatId == move.From);
                var delivered = result.Delivered.Where(d => d.ChatId == move.From).Select(d => d.Item.Id).ToHashSet(StringComparer.Ordinal);
                var rest = request.Items.Where(item => target.Wants(item) && !delivered.Contains(item.Id)).Select(item => item.Id);
                return new DeliveryTarget(move.To, rest.ToHashSet(StringComparer.Ordinal));
            })
            .Where(target => target.ItemIds!.Count > 0)
            .ToList();
        if (followUp.Count == 0)
            return result;
        _logger.LogInformation("Sending the rest of {Username}'s items to {Chats} upgraded group(s)", request.Account.Username, followUp.Count);
        return result.Then(await RunAsync(request with { Targets = followUp }, policy, cancellationToken));
    }

    private async Task<DeliveryResult> RunAsync(DeliveryRequest request, FailurePolicy policy, CancellationToken cancellationToken)
    {
        if (request.Targets.Count == 0)
            return DeliveryResult.Empty;

        // Only items some chat wants are fetched.
        var items = request.Items.Where(item => request.Targets.Any(target => target.Wants(item))).ToList();
        var folder = Directory.CreateDirectory(Path.Combine(_media.WorkRoot, Guid.NewGuid().ToString("N"))).FullName;
        var run = new DeliveryRun(request, policy, items, AlbumPlanner.Plan(items, request.Targets), folder);
        var lanes = _outbox.Open(request.Targets.Select(target => target.ChatId));
        try
        {
            var chats = lanes.Select((lane, i) => new ChatDelivery(run, request.Targets[i], lane, _recorder).RunAsync(cancellationToken)).ToList();
            try
            {
                await PrepareAsync(run, cancellationToken);
            }
            catch
            {
                // Items that never reached the media stages must still get an outcome, or the chats would wait for
                // them; and no chat may send once its lane is closed below.
                foreach (var slot in run.Slots)
                    slot.Fail(FailureReason.Cancelled);
                await Task.WhenAll(chats).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                throw;
            }

            await Task.WhenAll(chats);
            return run.Result();
        }
        finally
        {
            foreach (var lane in lanes)
                lane.Dispose();
            WorkFolder.DeleteFolderQuietly(folder);
        }
    }

    /// <summary>Gives every item its source: a file Telegram has, the media stages, or a failure.</summary>
    private async Task PrepareAsync(DeliveryRun run, CancellationToken cancellationToken)
    {
        for (var i = 0; i < run.Slots.Count; i++)
        {
            var slot = run.Slots[i];
            if (_recorder.KnownFile(run.Account, slot.Item) is { } known)
                slot.Known(known);
            else if (slot.Item.MediaUrl is null)
                slot.Fail(FailureReason.NoMediaLink);
            else
            {
                var job = run.JobFor(i, cancellationToken);
                await _media.SubmitAsync(job, cancellationToken);
                _ = job.Outcome.ContinueWith(outcome =>
                {
                    if (outcome.Result.Media is { } file)
                        slot.Ready(file);
                    else
                        slot.Fail(ReasonFor(outcome.Result.Failure!.Value));
                }, TaskScheduler.Default);
            }
        }
    }

    private static FailureReason ReasonFor(MediaFailure failure) => failure switch
    {
        MediaFailure.HostNotAllowed => FailureReason.HostNotAllowed,
        MediaFailure.TooLarge => FailureReason.TooLarge,
        MediaFailure.Unconvertible => FailureReason.Unconvertible,
        MediaFailure.Cancelled => FailureReason.Cancelled,
        MediaFailure.LocalFault => FailureReason.LocalFault,
        _ => FailureReason.DownloadFailed,
    };
}
