using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace StoryBot.Tests.Fakes.Telegram;

public sealed partial class FakeTelegramServer
{
    private const string ConflictOtherPoll = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";
    private const string ConflictSetWebhook = "Conflict: terminated by setWebhook request";
    private const string ConflictWebhookActive = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";

    private static readonly HashSet<string> NotInDefaultAllowedUpdates =
        new(["chat_member", "message_reaction", "message_reaction_count"], StringComparer.Ordinal);

    private readonly List<QueuedUpdate> _updates = [];
    private int _nextUpdateId;
    private long _confirmedOffset;
    private PollState? _activePoll;
    private string? _webhookUrl;
    private HashSet<string>? _allowedUpdates;
    private int? _previousOffset;
    private long _previousPollStart;
    private long _nextConflictAnswer;

    private enum PollWake
    {
        Update,
        Terminated,
        Stopping,
    }

    private sealed class PollState
    {
        public TaskCompletionSource<PollWake> Signal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string TerminationMessage { get; set; } = ConflictOtherPoll;
    }

    private sealed record QueuedUpdate(int Id, string Type, JsonObject Payload)
    {
        public JsonObject ToJson()
        {
            var json = new JsonObject { ["update_id"] = Id };
            json[Type] = Payload.DeepClone();
            return json;
        }
    }

    private void InitUpdates() => _nextUpdateId = Random.Shared.Next(100_000_000, 900_000_000);

    /// <summary>Highest offset with which getUpdates confirmed updates (all updates with a lower id are confirmed).</summary>
    public long ConfirmedOffset
    {
        get
        {
            lock (_gate)
            {
                return _confirmedOffset;
            }
        }
    }

    /// <summary>True while a getUpdates long poll is being held open (the bot is waiting for updates).</summary>
    public bool IsPollHeld
    {
        get
        {
            lock (_gate)
            {
                return _activePoll is not null;
            }
        }
    }

    /// <summary>Waits until a long poll is held open: from then on the bot is certainly listening.</summary>
    public async Task WaitForHeldPollAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!IsPollHeld)
        {
            if (watch.Elapsed > timeout)
                throw new TimeoutException($"No getUpdates long poll was held within {timeout}.");
            await Task.Delay(10);
        }
    }

    /// <summary>Number of updates queued and not yet confirmed.</summary>
    public int PendingUpdateCount
    {
        get
        {
            lock (_gate)
            {
                return _updates.Count;
            }
        }
    }

    /// <summary>
    /// Queues a "message" update (a "channel_post" when the chat is a channel) from user <paramref name="fromUserId"/>.
    /// Text starting with a command ("/snap@bot arg") gets a bot_command entity. <paramref name="chatType"/> overrides
    /// the type derived from the id (&gt;0 private, -100… supergroup, other negative group) and is remembered for the chat.
    /// Returns the update_id.
    /// </summary>
    public long InjectMessage(long chatId, string text, long fromUserId = 42, string? chatType = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_gate)
        {
            var chat = GetChatLocked(chatId, chatType);
            var messageId = chat.NextMessageId++;
            var isChannel = chat.Type == "channel";
            var message = new JsonObject { ["message_id"] = messageId };
            if (isChannel)
            {
                message["sender_chat"] = ChatJson(chat);
            }
            else
            {
                message["from"] = new JsonObject
                {
                    ["id"] = fromUserId,
                    ["is_bot"] = false,
                    ["first_name"] = "Test",
                    ["last_name"] = "User" + fromUserId,
                    ["username"] = "user" + Math.Abs(fromUserId),
                    ["language_code"] = "en",
                };
            }

            message["chat"] = ChatJson(chat);
            message["date"] = UnixNow();
            message["text"] = text;
            var command = CommandPattern().Match(text);
            if (command.Success)
            {
                message["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = command.Length });
            }

            chat.Messages[messageId] = new StoredMessage(messageId, (JsonObject)message.DeepClone(), FromBot: false, Kind: "text",
                new FormattedText(text, []), ReplyMarkupJson: null);
            return EnqueueLocked(isChannel ? "channel_post" : "message", message);
        }
    }

    /// <summary>Queues an arbitrary update, e.g. InjectUpdate("callback_query", {...}). Returns the update_id.</summary>
    public long InjectUpdate(string updateType, JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        lock (_gate)
        {
            return EnqueueLocked(updateType, (JsonObject)payload.DeepClone());
        }
    }

    [GeneratedRegex(@"^/[A-Za-z0-9_]{1,64}(@[A-Za-z0-9_]{3,64})?")]
    private static partial Regex CommandPattern();

    private int EnqueueLocked(string type, JsonObject payload)
    {
        var id = _nextUpdateId++;
        // like the Bot API server: updates of types the bot did not ask for are not stored at all
        var allowed = _allowedUpdates is null ? !NotInDefaultAllowedUpdates.Contains(type) : _allowedUpdates.Contains(type);
        if (allowed && _webhookUrl is null)
        {
            _updates.Add(new QueuedUpdate(id, type, payload));
            _activePoll?.Signal.TrySetResult(PollWake.Update);
        }

        SignalChangedLocked();
        return id;
    }

    private static long UnixNow() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private async Task<(JsonNode? Result, string? Description)> GetUpdatesAsync(Call call, CancellationToken ct)
    {
        var offset = call.Int("offset", 0);
        var limit = call.Int("limit", 100, 1, 100);
        var timeout = call.Int("timeout", 0, 0, 50);
        PollState poll;
        int from;
        TimeSpan hold;
        lock (_gate)
        {
            if (_webhookUrl is not null)
            {
                // answered below, outside the lock
                poll = new PollState { TerminationMessage = ConflictWebhookActive };
                poll.Signal.TrySetResult(PollWake.Terminated);
                from = 0;
                hold = TimeSpan.Zero;
            }
            else
            {
                UpdateAllowedUpdatesLocked(call.Arg("allowed_updates"));
                var now = Stopwatch.GetTimestamp();
                hold = timeout > 1 ? TimeSpan.FromSeconds(Math.Min(timeout - 1, 50)) : TimeSpan.Zero;
                if (offset == _previousOffset)
                {
                    var sincePrevious = Stopwatch.GetElapsedTime(_previousPollStart, now);
                    if (timeout == 0 && sincePrevious < TimeSpan.FromSeconds(3))
                    {
                        // the server turns a repeated short poll into a 3 s long poll
                        hold = TimeSpan.FromSeconds(3);
                    }

                    if (sincePrevious < TimeSpan.FromSeconds(0.5))
                    {
                        limit = 1;
                    }
                }

                _previousOffset = offset;
                _previousPollStart = now;
                var updates = CollectLocked(offset, limit, out from);
                if (updates.Count > 0 || hold <= TimeSpan.Zero)
                {
                    return (updates, null);
                }

                if (_activePoll is not null)
                {
                    _activePoll.TerminationMessage = ConflictOtherPoll;
                    _activePoll.Signal.TrySetResult(PollWake.Terminated);
                }

                poll = new PollState();
                _activePoll = poll;
            }
        }

        PollWake wake;
        try
        {
            if (hold > TimeSpan.Zero)
            {
                var delay = Task.Delay(hold, ct);
                var finished = await Task.WhenAny(poll.Signal.Task, delay);
                call.Http.RequestAborted.ThrowIfCancellationRequested();
                // timeout, or the fake is stopping: answer with whatever there is (normally nothing)
                wake = finished == poll.Signal.Task ? poll.Signal.Task.Result : PollWake.Stopping;
            }
            else
            {
                wake = PollWake.Terminated;
            }
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

        switch (wake)
        {
            case PollWake.Update:
                await Task.Delay(TimeSpan.FromMilliseconds(2), call.Http.RequestAborted); // LONG_POLL_WAIT_AFTER: let a burst arrive together
                lock (_gate)
                {
                    return (CollectLocked(from, limit, out _), null);
                }

            case PollWake.Terminated:
                await DelayConflictAsync(ct);
                throw new TelegramApiException(409, poll.TerminationMessage);
            default:
                lock (_gate)
                {
                    return (CollectLocked(from, limit, out _), null);
                }
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

    private JsonArray CollectLocked(int offset, int limit, out int from)
    {
        if (offset < 0)
        {
            var keep = -(long)offset;
            if (_updates.Count > keep)
            {
                _updates.RemoveRange(0, _updates.Count - (int)keep);
            }
        }

        var head = _updates.Count > 0 ? _updates[0].Id : _nextUpdateId;
        if (offset <= 0 || offset > _nextUpdateId)
        {
            // offset 0 / negative: from the oldest kept update; an offset beyond the queue's end is ignored
            from = head;
        }
        else
        {
            from = offset;
            _updates.RemoveAll(u => u.Id < offset);
            if (offset > _confirmedOffset)
            {
                _confirmedOffset = offset;
                SignalChangedLocked();
            }
        }

        var result = new JsonArray();
        foreach (var update in _updates)
        {
            if (update.Id >= from && result.Count < limit)
            {
                result.Add(update.ToJson());
            }
        }

        return result;
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

    private (JsonNode?, string?) DeleteWebhook(Call call)
    {
        lock (_gate)
        {
            var wasSet = _webhookUrl is not null;
            _webhookUrl = null;
            if (call.Bool("drop_pending_updates"))
            {
                _updates.Clear();
            }

            return (true, wasSet ? "Webhook was deleted" : "Webhook is already deleted");
        }
    }

    private (JsonNode?, string?) SetWebhook(Call call)
    {
        var url = call.ArgOrEmpty("url");
        if (url.Length == 0)
        {
            return DeleteWebhook(call);
        }

        if (!url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw TelegramApiException.BadRequest("bad webhook: An HTTPS URL must be provided for webhook");
        }

        lock (_gate)
        {
            UpdateAllowedUpdatesLocked(call.Arg("allowed_updates"));
            _webhookUrl = url;
            if (call.Bool("drop_pending_updates"))
            {
                _updates.Clear();
            }

            if (_activePoll is not null)
            {
                _activePoll.TerminationMessage = ConflictSetWebhook;
                _activePoll.Signal.TrySetResult(PollWake.Terminated);
            }

            return (true, "Webhook was set");
        }
    }

    private JsonObject GetWebhookInfo()
    {
        lock (_gate)
        {
            return new JsonObject
            {
                ["url"] = _webhookUrl ?? "",
                ["has_custom_certificate"] = false,
                ["pending_update_count"] = _updates.Count,
            };
        }
    }
}
