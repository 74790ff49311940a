using StoryBot.Core.Sources;
using StoryBot.Core.Storage.Documents;

namespace StoryBot.Core.Storage;

/// <summary>When each followed account was checked, how that went, and when it is due again.</summary>
public sealed class AccountStateStore
{
    private readonly StoryDatabase _database;

    internal AccountStateStore(StoryDatabase database) => _database = database;

    public AccountState? Find(Platform platform, string username) =>
        _database.Accounts.FindById(AccountStateDocument.Key(platform, username))?.ToRecord();

    public IReadOnlyList<AccountState> All() => _database.Accounts.FindAll().Select(a => a.ToRecord()).ToList();

    /// <summary>Accounts whose next check is at or before <paramref name="now"/>, through the index on it.</summary>
    public IReadOnlyList<AccountState> Due(DateTimeOffset now)
    {
        var at = now.UtcDateTime;
        return _database.Accounts.Find(a => a.NextCheckAt <= at).Select(a => a.ToRecord()).ToList();
    }

    public void Remove(Platform platform, string username) => _database.Accounts.Delete(AccountStateDocument.Key(platform, username));

    /// <summary>The account goes by another name: its schedule and last outcome stay with it.</summary>
    public void RenameAccount(Platform platform, string from, string to)
    {
        if (_database.Accounts.FindById(AccountStateDocument.Key(platform, from)) is not { } state)
            return;
        _database.Accounts.Delete(state.Id);
        state.Id = AccountStateDocument.Key(platform, to);
        state.Username = to;
        _database.Accounts.Upsert(state);
    }

    /// <summary>The earliest next check of the platform's accounts, if any.</summary>
    public DateTime? NextCheck(Platform platform) =>
        _database.Accounts.Find(a => a.Platform == platform).Select(a => (DateTime?)StoredTime.Utc(a.NextCheckAt)).Min();

    /// <summary>Creates or replaces the account's state.</summary>
    public void Save(AccountState state) =>
        _database.Accounts.Upsert(new AccountStateDocument
        {
            Id = AccountStateDocument.Key(state.Platform, state.Username),
            Platform = state.Platform,
            Username = state.Username,
            LastCheckedAt = state.LastCheckedAt,
            NextCheckAt = state.NextCheckAt,
            FailureStreak = state.FailureStreak,
            LastOutcome = state.LastOutcome,
        });

    /// <summary>Notes a check and its outcome, keeping the schedule as it is.</summary>
    public void RecordCheck(Platform platform, string username, string outcome, DateTimeOffset at)
    {
        var key = AccountStateDocument.Key(platform, username);
        var state = _database.Accounts.FindById(key) ?? new AccountStateDocument { Id = key, Platform = platform, Username = username };
        state.LastCheckedAt = at.UtcDateTime;
        state.LastOutcome = outcome;
        _database.Accounts.Upsert(state);
    }
}
