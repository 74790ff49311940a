using Microsoft.Extensions.Logging;

namespace StoryBot.Core.Operations;

/// <summary>Default when no one can be messaged: the alert goes to the log.</summary>
public sealed class LoggingOperatorAlerts(ILogger<LoggingOperatorAlerts> logger) : IOperatorAlerts
{
    public Task NotifyAsync(string message, CancellationToken cancellationToken)
    {
        logger.LogWarning("Operator alert: {Message}", message);
        return Task.CompletedTask;
    }
}
