namespace StoryBot.Core.Storage;

/// <summary>
/// Heals storage in the running process: after a failure (a full disk) the database is reopened, and the
/// deliveries that could not be recorded meanwhile are written first.
/// </summary>
public sealed class StorageHealth
{
    private readonly StoryDatabase _database;
    private readonly DeliveryLedger _ledger;

    internal StorageHealth(StoryDatabase database, DeliveryLedger ledger)
    {
        _database = database;
        _ledger = ledger;
    }

    /// <summary>True when storage works again (reopened, and every unwritten delivery written).</summary>
    public bool TryRecover()
    {
        if (!_database.TryReopen())
            return false;
        try
        {
            _ledger.WriteUnwritten();
            return true;
        }
        catch (Exception ex) when (StorageErrors.Is(ex))
        {
            return false;
        }
    }
}
