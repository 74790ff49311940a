using Microsoft.Extensions.Logging;
using StoryBot.Core.Operations;
using StoryBot.Core.Outbox;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;

namespace StoryBot.Core.Delivery;

/// <summary>
/// The last step of a delivery: what Telegram accepted, refused or could not take is written down. A storage
/// failure here is logged loudly and never stops the delivery itself.
/// </summary>
internal sealed class DeliveryRecorder(
    DeliveryLedger ledger,
    FileIdStore fileIds,
    SubscriptionStore subscriptions,
    ChatMigrations migrations,
    OperatorNotices notices,
    ILogger<DeliveryRecorder> logger)
{
    /// <summary>A file Telegram already has for this item, if any.</summary>
    public KnownFile? KnownFile(StoryAccount account, StoryItem item)
    {
        try
        {
            return fileIds.Find(account.Platform, item.Id);
        }
        catch (Exception ex) when (StorageErrors.Is(ex) || ex is InvalidCastException)
        {
            logger.LogWarning("File id cache unavailable: {Reason}", ex.Message);
            return null;
        }
    }

    /// <summary>
    /// Right after Telegram accepted an album, before anything else is sent to that chat. False when it could not
    /// be written: the ledger keeps it in memory (so it is not sent again) and nothing more should go to the chat.
    /// </summary>
    public bool Delivered(long chatId, StoryAccount account, IReadOnlyList<DeliveredItem> items) => Try(() =>
    {
        ledger.RecordDelivered(chatId, account, items.Select(item => (item.Item, item.FileId)).ToList());
        foreach (var item in items.Where(item => item.FileId is not null))
            fileIds.Remember(account.Platform, item.Item.Id, new KnownFile(item.FileId!, item.Kind));

        // The group may have been upgraded while this album was on its way (the service message is handled on
        // another thread): the records must follow it, or the next poll would send the album to the new id again.
        if (migrations.MovedTo(chatId) is { } newChatId)
            ledger.MoveChat(chatId, newChatId);
        subscriptions.Delivered(chatId, account.Platform, account.Username);
    });

    /// <summary>Telegram refused a remembered file_id (another bot token, a wrong kind): upload next time.</summary>
    public void FileIdRejected(StoryAccount account, StoryItem item) => _ = Try(() => fileIds.Forget(account.Platform, item.Id));

    /// <summary>Telegram said the chat cannot be reached (blocked, kicked): its subscriptions pause.</summary>
    public void Unreachable(long chatId) => _ = Try(() =>
    {
        subscriptions.SetPaused(chatId, true);
        logger.LogWarning("Chat {ChatId} cannot be reached: its subscriptions are paused until it is heard from again", chatId);
    });

    /// <summary>The group became a supergroup: its subscriptions and records move to the new id.</summary>
    public void Moved(ChatMove move) => _ = Try(() => migrations.Move(move.From, move.To));

    /// <summary>Applies the failure policy: counts attempts where it says so, and returns what the chat is told now.</summary>
    public IReadOnlyList<ItemFailure> FailuresToTell(long chatId, StoryAccount account, IReadOnlyList<ItemFailure> failures, FailurePolicy policy)
    {
        try
        {
            return FailureRules.ToTell(policy, failures, (failure, final) => ledger.RecordFailed(chatId, account, failure.Item, final));
        }
        catch (Exception ex) when (StorageErrors.Is(ex))
        {
            logger.LogError(ex, "Recording failed items for chat {ChatId} failed; the chat is not told", chatId);
            return [];
        }
    }

    private bool Try(Action write)
    {
        try
        {
            write();
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Recording a delivery outcome failed");
            notices.Started(OperatorProblem.StorageFailing,
                $"I can't write to my database ({ex.Message}): nothing more is sent until it works again. Check the disk of Storage:DatabasePath.");
            return false;
        }
    }
}
