using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>What tests read and script: calls, messages, faults.</summary>
public sealed partial class FakeTelegramServer
{
    private readonly Dictionary<long, List<SentMessage>> _sent = [];
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>Snapshot of all answered calls, in arrival order.</summary>
    public IReadOnlyList<RecordedCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return AnsweredLocked();
            }
        }
    }

    /// <summary>Messages successfully sent to the chat, in order.</summary>
    public IReadOnlyList<SentMessage> MessagesTo(long chatId)
    {
        lock (_gate)
        {
            return _sent.TryGetValue(chatId, out var list) ? list.ToList() : [];
        }
    }

    /// <summary>The most message sends that were in flight at once for one chat.</summary>
    public int MaxConcurrentSendsPerChatObserved => _sends.MaxPerChat();

    public async Task<IReadOnlyList<SentMessage>> WaitForMessagesAsync(long chatId, Func<IReadOnlyList<SentMessage>, bool> until, TimeSpan timeout)
    {
        var snapshot = await WaitAsync(() => MessagesTo(chatId), until, timeout);
        return snapshot ?? throw new TimeoutException(DescribeChat(chatId, timeout, MessagesTo(chatId)));
    }

    public async Task<RecordedCall> WaitForCallAsync(Func<RecordedCall, bool> predicate, TimeSpan timeout)
    {
        var calls = await WaitAsync(() => Calls, calls => calls.Any(predicate), timeout);
        if (calls is not null)
        {
            return calls.First(predicate);
        }

        calls = Calls;
        var text = new StringBuilder($"No matching Telegram call within {timeout}. Calls so far ({calls.Count}):");
        foreach (var call in calls.TakeLast(50))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {call.At:HH:mm:ss.fff} {call.Method} chat={call.ChatId?.ToString(CultureInfo.InvariantCulture) ?? "-"} -> {Outcome(call)}");
        }

        throw new TimeoutException(text.ToString());
    }

    public void AddFault(TelegramFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_gate)
        {
            _faults.Add(new FaultState(fault));
        }
    }

    /// <summary>Removes all scripted faults (used or not).</summary>
    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>Waits until <paramref name="until"/> holds for a fresh snapshot; null on timeout.</summary>
    private async Task<T?> WaitAsync<T>(Func<T> snapshot, Func<T, bool> until, TimeSpan timeout)
        where T : class
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            var current = snapshot();
            if (until(current))
            {
                return current;
            }

            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero || await Task.WhenAny(changed, Task.Delay(remaining)) != changed)
            {
                current = snapshot();
                return until(current) ? current : null;
            }
        }
    }

    private List<RecordedCall> AnsweredLocked() => _calls.Where(s => s.Record is not null).Select(s => s.Record!).ToList();

    private void RecordSentLocked(SentMessage message)
    {
        if (!_sent.TryGetValue(message.ChatId, out var list))
        {
            list = [];
            _sent[message.ChatId] = list;
        }

        list.Add(message);
        SignalChangedLocked();
    }

    private void SignalChangedLocked()
    {
        var previous = _changed;
        _changed = NewSignal();
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string Outcome(RecordedCall call) => $"{call.StatusCode}{(call.ErrorDescription is null ? "" : " " + call.ErrorDescription)}";

    private string DescribeChat(long chatId, TimeSpan timeout, IReadOnlyList<SentMessage> messages)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Condition on messages to chat {chatId} not met within {timeout}. Sent so far ({messages.Count}):");
        foreach (var m in messages)
        {
            var body = m.Kind == "text" ? m.Text : m.Caption;
            if (body is { Length: > 200 })
            {
                body = body[..200] + "…";
            }

            text.Append(CultureInfo.InvariantCulture, $"\n  #{m.MessageId} {m.Kind}{(m.MediaGroupId is null ? "" : " album " + m.MediaGroupId)}: {body}");
            if (m.Upload is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $" [upload {m.Upload.FileName}, {m.Upload.Length} bytes]");
            }
        }

        var calls = Calls.Where(c => c.ChatId == chatId).ToList();
        text.Append(CultureInfo.InvariantCulture, $"\nCalls for this chat ({calls.Count}):");
        foreach (var call in calls.TakeLast(40))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {call.At:HH:mm:ss.fff} {call.Method} -> {Outcome(call)}");
        }

        return text.ToString();
    }
}
