using System.Diagnostics;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>Applies a <see cref="FloodModel"/> to message sends. Not thread-safe: the server calls it under its lock.</summary>
internal sealed class FloodGate(FloodModel? model)
{
    private readonly Queue<long> _globalSends = new();

    /// <summary>Records an accepted send to <paramref name="chat"/>, or throws 429 with retry_after.</summary>
    public void Admit(ChatState chat)
    {
        if (model is null)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        var wait = TimeSpan.Zero;
        if (chat.LastAcceptedSend is { } last && Stopwatch.GetElapsedTime(last, now) < model.PerChatInterval)
        {
            wait = model.PerChatInterval - Stopwatch.GetElapsedTime(last, now);
        }

        if (chat.Id < 0 && model.GroupMessagesPerMinute > 0)
        {
            wait = Max(wait, WaitFor(chat.RecentSends, model.GroupMessagesPerMinute, TimeSpan.FromMinutes(1), now));
        }

        if (model.GlobalMessagesPerSecond is { } global && global > 0)
        {
            wait = Max(wait, WaitFor(_globalSends, global, TimeSpan.FromSeconds(1), now));
        }

        if (wait > TimeSpan.Zero)
        {
            var retryAfter = Math.Max(model.RetryAfterSeconds, (int)Math.Ceiling(wait.TotalSeconds));
            throw new TelegramApiException(429, $"Too Many Requests: retry after {retryAfter}", retryAfter);
        }

        chat.LastAcceptedSend = now;
        if (chat.Id < 0)
        {
            chat.RecentSends.Enqueue(now);
        }

        _globalSends.Enqueue(now);
    }

    /// <summary>How long until fewer than <paramref name="limit"/> of <paramref name="sends"/> are within <paramref name="window"/>.</summary>
    private static TimeSpan WaitFor(Queue<long> sends, int limit, TimeSpan window, long now)
    {
        while (sends.Count > 0 && Stopwatch.GetElapsedTime(sends.Peek(), now) >= window)
        {
            sends.Dequeue();
        }

        return sends.Count >= limit ? window - Stopwatch.GetElapsedTime(sends.Peek(), now) : TimeSpan.Zero;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
