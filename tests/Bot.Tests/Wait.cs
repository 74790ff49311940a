using System.Diagnostics;

namespace StoryBot.Bot.Tests;

/// <summary>Polls a condition the bot makes true in the background (a database row, a log line, a fake's request).</summary>
internal static class Wait
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > limit)
                throw new TimeoutException($"condition not met within {limit}");
            await Task.Delay(50);
        }
    }
}
