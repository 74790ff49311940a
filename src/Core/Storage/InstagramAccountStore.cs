using StoryBot.Core.Storage.Documents;

namespace StoryBot.Core.Storage;

/// <summary>
/// Instagram user ids by username, kept for good: the username → id lookup is the request Instagram refuses most
/// (docs/instagram-web.md §10.1), and an id never changes, so each account costs it at most once, restarts included.
/// Every call may throw when storage fails; callers then go on without it.
/// </summary>
public sealed class InstagramAccountStore
{
    private readonly StoryDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _writeGate = new();

    internal InstagramAccountStore(StoryDatabase database, TimeProvider timeProvider)
    {
        _database = database;
        _timeProvider = timeProvider;
    }

    public InstagramAccount? ByUsername(string username)
    {
        var name = username.ToLowerInvariant();
        return _database.InstagramAccounts.FindOne(a => a.Username == name)?.ToRecord();
    }

    public InstagramAccount? ById(string id) => _database.InstagramAccounts.FindById(id)?.ToRecord();

    /// <summary>
    /// Records the account as seen now. A username belongs to one account at a time: if another id held it (it
    /// renamed itself and someone took the name), that one loses it, and is found by its id alone until it is seen
    /// again under its new name.
    /// </summary>
    public void Save(InstagramAccount account)
    {
        var name = account.Username.ToLowerInvariant();
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        lock (_writeGate)
        {
            if (name.Length > 0)
                foreach (var other in _database.InstagramAccounts.Find(a => a.Username == name && a.Id != account.Id).ToList())
                {
                    other.Username = "";
                    other.UpdatedAt = now;
                    _database.InstagramAccounts.Update(other);
                }

            var document = _database.InstagramAccounts.FindById(account.Id) ?? new InstagramAccountDocument { Id = account.Id, FirstSeenAt = now };
            if (name.Length > 0)
                document.Username = name;
            document.FullName = account.FullName ?? document.FullName;
            document.IsPrivate = account.IsPrivate;
            document.UpdatedAt = now;
            _database.InstagramAccounts.Upsert(document);
        }
    }

    public int Count() => _database.InstagramAccounts.Count();
}
