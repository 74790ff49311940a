using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StoryBot.Core.Storage;

namespace StoryBot.Core.Subscriptions;

/// <summary>Prunes old delivery records and file ids every few hours (at start-up too), on the injected clock.</summary>
public sealed class RetentionService(DeliveryLedger ledger, FileIdStore fileIds, TimeProvider timeProvider, ILogger<RetentionService> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pruned = ledger.Prune();
                fileIds.Prune(ledger.Horizon());
                if (pruned > 0)
                    logger.LogInformation("Pruned {Count} delivery records older than the retention period", pruned);
            }
            catch (Exception ex) when (StorageErrors.Is(ex))
            {
                logger.LogError(ex, "Pruning delivery records failed; trying again later");
            }

            try
            {
                await Task.Delay(Period, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
