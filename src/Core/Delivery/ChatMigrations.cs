using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StoryBot.Core.Storage;

namespace StoryBot.Core.Delivery;

/// <summary>
/// A Telegram group upgraded to a supergroup gets a new chat id, and the old one stops working. Its subscriptions
/// and what it has received move to the new id, so it keeps its stories and is sent nothing twice. Heard from the
/// service message in the group (migrate_to_chat_id / migrate_from_chat_id) or from a send's 400 answer.
/// </summary>
public sealed class ChatMigrations(DeliveryLedger ledger, SubscriptionStore subscriptions, ILogger<ChatMigrations> logger)
{
    private readonly ConcurrentDictionary<long, long> _moved = new();

    /// <summary>The id a chat moved to while this process ran, if it did.</summary>
    public long? MovedTo(long chatId) => _moved.TryGetValue(chatId, out var to) ? to : null;

    /// <exception cref="Exception">Storage failed; moving again later finishes the job.</exception>
    public void Move(long from, long to)
    {
        if (from == to)
            return;
        // Known before the records move: a delivery to the old id recorded at this very moment then either is
        // moved below or sees the mark and moves itself (see LedgerObserver.DeliveredAsync).
        _moved[from] = to;
        // Records first: should this stop halfway, the subscriptions still point at the old id, where the next
        // send fails again with the same answer and the move is done again, never a resend.
        ledger.MoveChat(from, to);
        subscriptions.MoveChat(from, to);
        logger.LogInformation("Chat {ChatId} became supergroup {NewChatId}: its subscriptions and records moved", from, to);
    }
}
