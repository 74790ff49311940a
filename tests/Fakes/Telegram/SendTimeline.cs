using System.Diagnostics;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>Every message send's interval, to tell how many were in flight at once for one chat.</summary>
internal sealed class SendTimeline
{
    private readonly object _gate = new();
    private readonly List<SendInterval> _intervals = [];

    public SendInterval Begin()
    {
        var interval = new SendInterval { Start = Stopwatch.GetTimestamp() };
        lock (_gate)
        {
            _intervals.Add(interval);
        }

        return interval;
    }

    public void SetChat(SendInterval interval, long? chatId)
    {
        lock (_gate)
        {
            interval.ChatId = chatId;
        }
    }

    public void End(SendInterval interval)
    {
        lock (_gate)
        {
            interval.End = Stopwatch.GetTimestamp();
        }
    }

    public int MaxPerChat()
    {
        lock (_gate)
        {
            return _intervals.Where(i => i.ChatId is not null).GroupBy(i => i.ChatId).Select(MaxOverlap).DefaultIfEmpty(0).Max();
        }
    }

    private static int MaxOverlap(IEnumerable<SendInterval> intervals)
    {
        var events = new List<(long At, int Delta)>();
        foreach (var interval in intervals)
        {
            events.Add((interval.Start, +1));
            events.Add((interval.End ?? long.MaxValue, -1));
        }

        // at equal times an end is processed before a start: back-to-back calls do not overlap
        events.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Delta.CompareTo(b.Delta));
        int current = 0, max = 0;
        foreach (var (_, delta) in events)
        {
            current += delta;
            max = Math.Max(max, current);
        }

        return max;
    }
}
