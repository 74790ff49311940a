using StoryBot.Core.Sources;
using StoryBot.Core.Storage.Documents;

namespace StoryBot.Core.Storage;

/// <summary>Telegram's file_ids by item, shared by every chat: an item is uploaded once and then sent by id.</summary>
public sealed class FileIdStore
{
    private readonly StoryDatabase _database;
    private readonly TimeProvider _timeProvider;

    internal FileIdStore(StoryDatabase database, TimeProvider timeProvider)
    {
        _database = database;
        _timeProvider = timeProvider;
    }

    public KnownFile? Find(Platform platform, string itemId) =>
        _database.FileIds.FindById(Key(platform, itemId)) is { } document ? new KnownFile(document.FileId, document.Kind) : null;

    public void Remember(Platform platform, string itemId, KnownFile file) =>
        _database.FileIds.Upsert(new FileIdDocument
        {
            Id = Key(platform, itemId),
            FileId = file.FileId,
            Kind = file.Kind,
            At = _timeProvider.GetUtcNow().UtcDateTime,
        });

    /// <summary>Telegram refused the id (another bot token, a wrong kind): the next delivery uploads again.</summary>
    public void Forget(Platform platform, string itemId) => _database.FileIds.Delete(Key(platform, itemId));

    /// <summary>Removes ids remembered before <paramref name="horizon"/>; returns how many.</summary>
    public int Prune(DateTimeOffset horizon)
    {
        var before = horizon.UtcDateTime;
        return _database.FileIds.DeleteMany(f => f.At < before);
    }

    private static string Key(Platform platform, string itemId) => $"{platform}|{itemId}";
}
