using Microsoft.Extensions.Options;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage.Documents;

namespace StoryBot.Core.Storage;

/// <summary>
/// What each chat has received, per item. An item is written as delivered only after Telegram accepted it; a
/// failed one counts attempts until <see cref="MaxAttempts"/>, then is given up.
/// </summary>
public sealed class DeliveryLedger
{
    private readonly StoryDatabase _database;
    private readonly StorageOptions _options;
    private readonly TimeProvider _timeProvider;

    internal DeliveryLedger(StoryDatabase database, IOptions<StorageOptions> options, TimeProvider timeProvider)
    {
        _database = database;
        _options = options.Value;
        _timeProvider = timeProvider;
    }

    /// <summary>Sends tried per item and chat before the chat is told it could not be sent.</summary>
    public const int MaxAttempts = 3;

    /// <summary>Item ids this chat has received or given up on, for one account (those not written yet included).</summary>
    public IReadOnlySet<string> Settled(long chatId, Platform platform, string username)
    {
        var settled = _database.Deliveries.Find(d => d.ChatId == chatId && d.Username == username && d.Platform == platform && (d.Delivered || d.GivenUp))
            .Select(d => d.ItemId)
            .ToHashSet(StringComparer.Ordinal);
        lock (_writeGate)
            settled.UnionWith(_unwritten.Where(u => u.ChatId == chatId && u.Account.Platform == platform && u.Account.Username == username).Select(u => u.Item.Id));
        return settled;
    }

    /// <summary>
    /// Deliveries Telegram accepted whose record could not be written (a full disk). They count as delivered while
    /// the process lives, so nothing is sent twice, and are written first once storage takes writes again.
    /// </summary>
    private readonly List<(long ChatId, StoryAccount Account, StoryItem Item, string? FileId)> _unwritten = [];

    /// <summary>Deliveries accepted by Telegram and not written yet.</summary>
    public int Unwritten
    {
        get
        {
            lock (_writeGate)
                return _unwritten.Count;
        }
    }

    /// <summary>Writes what could not be written before; throws (keeping the rest) when storage still fails.</summary>
    public void WriteUnwritten()
    {
        lock (_writeGate)
            WriteUnwrittenLocked();
    }

    private void WriteUnwrittenLocked()
    {
        while (_unwritten.Count > 0)
        {
            var (chatId, account, item, fileId) = _unwritten[0];
            RecordDeliveredLocked(chatId, account, item, fileId);
            _unwritten.RemoveAt(0);
        }
    }

    // Writes that read a record and write it back, and the chat move, take turns: a move must not carry a stale
    // copy of a record that is being marked delivered at that moment.
    private readonly Lock _writeGate = new();

    /// <exception cref="Exception">Storage failed: the delivery is kept in memory (see <see cref="Unwritten"/>).</exception>
    public void RecordDelivered(long chatId, StoryAccount account, StoryItem item, string? fileId) =>
        RecordDelivered(chatId, account, [(item, fileId)]);

    /// <summary>Records an album's items; what cannot be written is kept in memory, every item of it.</summary>
    /// <exception cref="Exception">Storage failed (see <see cref="Unwritten"/>).</exception>
    public void RecordDelivered(long chatId, StoryAccount account, IReadOnlyList<(StoryItem Item, string? FileId)> items)
    {
        lock (_writeGate)
        {
            var written = 0;
            try
            {
                WriteUnwrittenLocked();
                foreach (var (item, fileId) in items)
                {
                    RecordDeliveredLocked(chatId, account, item, fileId);
                    written++;
                }
            }
            catch (Exception ex) when (StorageErrors.Is(ex))
            {
                _unwritten.AddRange(items.Skip(written).Select(i => (chatId, account, i.Item, i.FileId)));
                throw;
            }
        }
    }

    private void RecordDeliveredLocked(long chatId, StoryAccount account, StoryItem item, string? fileId)
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var key = DeliveryDocument.Key(chatId, account.Platform, account.Username, item.Id);
        var document = _database.Deliveries.FindById(key) ?? New(key, chatId, account, item);
        document.Delivered = true;
        document.At = now;
        document.FileId = fileId;
        _database.Deliveries.Upsert(document);
    }

    /// <returns>True when this was the last attempt: the item is given up and the chat should be told.</returns>
    public bool RecordFailed(long chatId, StoryAccount account, StoryItem item, bool final)
    {
        lock (_writeGate)
            return RecordFailedLocked(chatId, account, item, final);
    }

    private bool RecordFailedLocked(long chatId, StoryAccount account, StoryItem item, bool final)
    {
        var key = DeliveryDocument.Key(chatId, account.Platform, account.Username, item.Id);
        var document = _database.Deliveries.FindById(key) ?? New(key, chatId, account, item);
        if (document.Delivered)
            return false;
        document.FailedAttempts++;
        document.At = _timeProvider.GetUtcNow().UtcDateTime;
        document.GivenUp = final || document.FailedAttempts >= MaxAttempts;
        _database.Deliveries.Upsert(document);
        return document.GivenUp;
    }

    /// <summary>
    /// A group became a supergroup under a new id: its records follow it, so nothing it had is sent again. Safe to
    /// repeat (a crash halfway leaves copies under both ids, and the next move finishes the job).
    /// </summary>
    public void MoveChat(long from, long to)
    {
        lock (_writeGate)
            MoveChatLocked(from, to);
    }

    private void MoveChatLocked(long from, long to) =>
        RekeyLocked(_database.Deliveries.Find(d => d.ChatId == from), record => record.ChatId = to);

    /// <summary>
    /// The account goes by another name: what each chat received from it stays recorded under the new one, so its
    /// current story is not sent again after a rename. Safe to repeat.
    /// </summary>
    public void RenameAccount(Platform platform, string from, string to)
    {
        lock (_writeGate)
            RekeyLocked(_database.Deliveries.Find(d => d.Username == from && d.Platform == platform), record => record.Username = to);
    }

    /// <summary>
    /// Moves each record to the key it has after <paramref name="change"/>; where one is there already, the one that
    /// says "delivered" wins.
    /// </summary>
    private void RekeyLocked(IEnumerable<DeliveryDocument> records, Action<DeliveryDocument> change)
    {
        foreach (var record in records)
        {
            var oldKey = record.Id;
            change(record);
            var key = DeliveryDocument.Key(record.ChatId, record.Platform, record.Username, record.ItemId);
            if (key == oldKey)
                continue;
            var existing = _database.Deliveries.FindById(key);
            if (existing is null || record.Delivered && !existing.Delivered)
            {
                record.Id = key;
                _database.Deliveries.Upsert(record);
            }

            _database.Deliveries.Delete(oldKey);
        }
    }

    /// <summary>The record of one item for one chat, if there is one.</summary>
    public DeliveryRecord? Find(long chatId, Platform platform, string username, string itemId) =>
        _database.Deliveries.FindById(DeliveryDocument.Key(chatId, platform, username, itemId))?.ToRecord();

    /// <summary>Deliveries and failures in the last <paramref name="window"/>.</summary>
    public (int Delivered, int Failed) CountSince(TimeSpan window)
    {
        var since = (_timeProvider.GetUtcNow() - window).UtcDateTime;
        var recent = _database.Deliveries.Find(d => d.At >= since).ToList();
        return (recent.Count(d => d.Delivered), recent.Count(d => !d.Delivered));
    }

    /// <summary>
    /// Removes records whose delivery and whose item are both older than the retention period. Safe because a poll
    /// never treats an item taken before that horizon as new (see <see cref="Horizon"/>), so a pruned item cannot be
    /// resent even if the site shows it again (a highlight that resurfaces, an old snap).
    /// </summary>
    public int Prune()
    {
        var horizon = Horizon().UtcDateTime;
        return _database.Deliveries.DeleteMany(d => d.At < horizon && d.TakenAt < horizon);
    }

    /// <summary>Items taken before this are never new for a subscription.</summary>
    public DateTimeOffset Horizon() => _timeProvider.GetUtcNow() - TimeSpan.FromDays(_options.RetentionDays);

    private DeliveryDocument New(string key, long chatId, StoryAccount account, StoryItem item) => new()
    {
        Id = key,
        ChatId = chatId,
        Platform = account.Platform,
        Username = account.Username,
        ItemId = item.Id,
        TakenAt = item.TakenAt == DateTimeOffset.MinValue ? _timeProvider.GetUtcNow().UtcDateTime : item.TakenAt.UtcDateTime,
    };
}
