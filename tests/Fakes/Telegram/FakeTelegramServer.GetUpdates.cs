using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>getUpdates: offset confirms, long polls are held (and a newer poll ends an older one with 409), allowed_updates filters.</summary>
public sealed partial class FakeTelegramServer
{
    private const string ConflictOtherPoll = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";

    private long _nextConflictAnswer;

    private async Task<JsonNode> GetUpdatesAsync(ApiCall call, CancellationToken ct)
    {
        var offset = call.Int("offset", 0);
        var limit = call.Int("limit", 100, 1, 100);
        var timeout = call.Int("timeout", 0, 0, 50);
        var hold = timeout > 1 ? TimeSpan.FromSeconds(timeout - 1) : TimeSpan.Zero;
        PollState poll;
        lock (_gate)
        {
            UpdateAllowedUpdatesLocked(call.Arg("allowed_updates"));
            var updates = CollectLocked(offset, limit);
            if (updates.Count > 0 || hold == TimeSpan.Zero)
            {
                return updates;
            }

            _activePoll?.Signal.TrySetResult(PollWake.Terminated);
            poll = new PollState();
            _activePoll = poll;
        }

        PollWake wake;
        try
        {
            var finished = await Task.WhenAny(poll.Signal.Task, Task.Delay(hold, ct));
            call.Http.RequestAborted.ThrowIfCancellationRequested();
            // the timeout, or the fake is stopping: answer with whatever there is (normally nothing)
            wake = finished == poll.Signal.Task ? poll.Signal.Task.Result : PollWake.Stopping;
        }
        finally
        {
            lock (_gate)
            {
                if (_activePoll == poll)
                {
                    _activePoll = null;
                }
            }
        }

        if (wake == PollWake.Terminated)
        {
            await DelayConflictAsync(ct);
            throw new TelegramApiException(409, ConflictOtherPoll);
        }

        if (wake == PollWake.Update)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(2), call.Http.RequestAborted); // LONG_POLL_WAIT_AFTER: let a burst arrive together
        }

        lock (_gate)
        {
            return CollectLocked(offset, limit);
        }
    }

    /// <summary>The server answers at most one conflict per 3 s; later ones are held back 3 s.</summary>
    private async Task DelayConflictAsync(CancellationToken ct)
    {
        bool wait;
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            wait = now < _nextConflictAnswer;
            if (!wait)
            {
                _nextConflictAnswer = now + (3 * Stopwatch.Frequency);
            }
        }

        if (wait)
        {
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
        }
    }

    /// <summary>An offset within the queue confirms (drops) every update below it; any other offset reads from the oldest.</summary>
    private JsonArray CollectLocked(int offset, int limit)
    {
        if (offset > 0 && offset <= _nextUpdateId)
        {
            _updates.RemoveAll(u => u.Id < offset);
        }

        return new JsonArray(_updates.Take(limit).Select(u => (JsonNode)u.ToJson()).ToArray());
    }

    private void UpdateAllowedUpdatesLocked(string? allowedUpdates)
    {
        if (string.IsNullOrEmpty(allowedUpdates))
        {
            return; // omitted: keep the previous setting
        }

        try
        {
            if (JsonNode.Parse(allowedUpdates) is JsonArray array)
            {
                var set = array.Where(n => n?.GetValueKind() == JsonValueKind.String).Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                _allowedUpdates = set.Count == 0 ? null : set;
            }
        }
        catch (JsonException)
        {
            // the server ignores an unparsable allowed_updates
        }
    }
}
