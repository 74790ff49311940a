using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoryBot.Core.Storage.Documents;

namespace StoryBot.Core.Storage;

/// <summary>
/// The one LiteDB database of the process (LiteDatabase is thread-safe; one instance serves every stage).
/// Collections are indexed on every lookup path, and a schema version with ordered migrations lets later
/// changes keep existing data. Internal to Storage: the typed stores are the only way in.
/// </summary>
internal sealed class StoryDatabase : IDisposable
{
    public const int SchemaVersion = 1;

    private readonly FileStream _lock;
    private readonly LiteDatabase _database;
    private int _disposed;

    public StoryDatabase(IOptions<StorageOptions> options, ILogger<StoryDatabase> logger)
    {
        var path = Path.GetFullPath(options.Value.DatabasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _lock = TakeLock(path);
        try
        {
            _database = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct });
            Subscriptions = _database.GetCollection<SubscriptionDocument>("subscriptions");
            Deliveries = _database.GetCollection<DeliveryDocument>("deliveries");
            FileIds = _database.GetCollection<FileIdDocument>("file_ids");
            Accounts = _database.GetCollection<AccountStateDocument>("accounts");

            Migrate(logger);
            Subscriptions.EnsureIndex(s => s.ChatId);
            Subscriptions.EnsureIndex(s => s.Username);
            Deliveries.EnsureIndex(d => d.ChatId);
            Deliveries.EnsureIndex(d => d.Username);
            Deliveries.EnsureIndex(d => d.At);
            Accounts.EnsureIndex(a => a.NextCheckAt);
        }
        catch
        {
            // A file that cannot be opened (damaged, newer) must not keep the lock or the file handle.
            _database?.Dispose();
            _lock.Dispose();
            throw;
        }

        logger.LogInformation("Database {Path} ready (schema {Version})", path, SchemaVersion);
    }

    internal ILiteCollection<SubscriptionDocument> Subscriptions { get; }
    internal ILiteCollection<DeliveryDocument> Deliveries { get; }
    internal ILiteCollection<FileIdDocument> FileIds { get; }
    internal ILiteCollection<AccountStateDocument> Accounts { get; }

    /// <summary>Runs the migrations between the file's version and ours, in order; a newer file is refused.</summary>
    private void Migrate(ILogger logger)
    {
        var meta = _database.GetCollection<MetaDocument>("meta");
        var current = meta.FindById("schema")?.SchemaVersion ?? 0;
        if (current > SchemaVersion)
            throw new InvalidOperationException($"The database was written by a newer StoryBot (schema {current} > {SchemaVersion}).");

        for (var version = current + 1; version <= SchemaVersion; version++)
        {
            // Version 1 is the first layout: nothing to convert. Later versions add their step here.
            logger.LogInformation("Database schema {From} → {To}", version - 1, version);
        }

        meta.Upsert(new MetaDocument { Id = "schema", SchemaVersion = SchemaVersion });
    }

    /// <summary>
    /// LiteDB's Direct mode does not keep a second process out on Linux, and two writers corrupt the file: a lock
    /// file held exclusively for the life of the process does (an advisory lock the OS drops if the process dies).
    /// </summary>
    private static FileStream TakeLock(string path)
    {
        try
        {
            return new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new DatabaseInUseException(path, ex);
        }
    }

    /// <remarks>Safe to call twice (a test may dispose it before the container does).</remarks>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        _database.Dispose();
        _lock.Dispose();
    }
}
