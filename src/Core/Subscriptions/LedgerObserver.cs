using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StoryBot.Core.Pipeline;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;

namespace StoryBot.Core.Subscriptions;

/// <summary>
/// Writes every delivery to the ledger the moment Telegram accepts it, reuses known file_ids, and decides which
/// failures a chat hears about: for a poll, only items given up after <see cref="DeliveryLedger.MaxAttempts"/>
/// (the rest are retried at the next poll); for a command, all of them.
/// </summary>
public sealed class LedgerObserver(
    DeliveryLedger ledger,
    SubscriptionStore subscriptions,
    ChatMigrations migrations,
    bool retryFailuresLater,
    ILogger logger) : IDeliveryObserver
{
    private readonly ConcurrentQueue<(long From, long To)> _migrated = new();

    /// <summary>Chats that turned out to have become supergroups during the request, already moved.</summary>
    public IReadOnlyCollection<(long From, long To)> Migrated => _migrated;

    public KnownFile? KnownFileId(StoryAccount account, StoryItem item)
    {
        try
        {
            return ledger.KnownFile(account.Platform, item.Id);
        }
        catch (Exception ex) when (StorageErrors.Is(ex) || ex is InvalidCastException)
        {
            logger.LogWarning("File id cache unavailable: {Reason}", ex.Message);
            return null;
        }
    }

    public void FileIdRejected(StoryAccount account, StoryItem item) => ledger.ForgetFileId(account.Platform, item.Id);

    public Task DeliveredAsync(long chatId, StoryAccount account, IReadOnlyList<DeliveredItem> items, CancellationToken cancellationToken)
    {
        foreach (var item in items)
            ledger.RecordDelivered(chatId, account, item.Item, item.FileId, item.Kind);
        // The group may have been upgraded while this album was on its way (the service message is handled on
        // another thread): the records must follow it, or the next poll would send the album to the new id again.
        if (migrations.MovedTo(chatId) is { } newChatId)
            ledger.MoveChat(chatId, newChatId);
        subscriptions.Delivered(chatId, account.Platform, account.Username);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ItemFailure>> FailedAsync(long chatId, StoryAccount account, IReadOnlyList<ItemFailure> failures, CancellationToken cancellationToken)
    {
        // A command's failures are told at once and not recorded: a later poll may still bring the item.
        if (!retryFailuresLater)
            return Task.FromResult(failures);

        var report = new List<ItemFailure>();
        foreach (var failure in failures)
        {
            // Shutting down, or Telegram asking us to wait, is not the item's fault: it is simply tried again next
            // time, without counting towards giving it up.
            if (failure.Reason is FailureReason.Cancelled or FailureReason.TelegramBusy)
                continue;
            // Some failures will not change by trying again (no link, a host we refuse, too large).
            var hopeless = failure.Reason is FailureReason.NoMediaLink or FailureReason.HostNotAllowed or FailureReason.TooLarge or FailureReason.Unconvertible;
            var givenUp = ledger.RecordFailed(chatId, account, failure.Item, final: hopeless);
            if (givenUp)
                report.Add(failure);
        }

        return Task.FromResult<IReadOnlyList<ItemFailure>>(report);
    }

    public Task ChatMigratedAsync(long chatId, long newChatId, CancellationToken cancellationToken)
    {
        // Known first: should storage fail while moving, the caller still sends the rest to the new id (and the
        // next refused send moves the records).
        _migrated.Enqueue((chatId, newChatId));
        migrations.Move(chatId, newChatId);
        return Task.CompletedTask;
    }

    public Task ChatUnreachableAsync(long chatId, CancellationToken cancellationToken)
    {
        subscriptions.SetPaused(chatId, true);
        logger.LogWarning("Chat {ChatId} cannot be reached: its subscriptions are paused until it is heard from again", chatId);
        return Task.CompletedTask;
    }
}
