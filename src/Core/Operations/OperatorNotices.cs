using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace StoryBot.Core.Operations;

/// <summary>
/// Problems only the operators can fix (Snapchat failing everywhere, ffmpeg missing, storage failing), told to them
/// once when they start and once more when they end, however often the bot meets them in between.
/// </summary>
public sealed class OperatorNotices(IOperatorAlerts alerts, ILogger<OperatorNotices> logger)
{
    private readonly ConcurrentDictionary<OperatorProblem, string> _open = new();

    public bool IsOpen(OperatorProblem problem) => _open.ContainsKey(problem);

    public void Started(OperatorProblem problem, string message)
    {
        if (_open.TryAdd(problem, message))
            Tell(message);
    }

    public void Ended(OperatorProblem problem, string message)
    {
        if (_open.TryRemove(problem, out _))
            Tell(message);
    }

    private void Tell(string message) =>
        _ = alerts.NotifyAsync(message, CancellationToken.None).ContinueWith(
            task => logger.LogWarning("Could not alert the operators: {Reason}", task.Exception?.GetBaseException().Message),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
