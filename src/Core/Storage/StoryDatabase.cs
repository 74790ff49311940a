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
/// <remarks>
/// After a failed write (a full disk) LiteDB closes its engine and every later call fails, even once the disk has
/// room again. <see cref="TryReopen"/> opens a new engine on the same file, so the process heals without a restart.
/// </remarks>
internal sealed class StoryDatabase : IDisposable
{
    public const int SchemaVersion = 1;

    /// <summary>Reopening is tried at most this often: a disk that is still full is not hammered.</summary>
    private static readonly TimeSpan ReopenInterval = TimeSpan.FromSeconds(2);

    private readonly string _path;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly FileStream _lock;
    private readonly Lock _reopening = new();
    private volatile LiteDatabase _engine;
    private long _lastReopen;
    private int _disposed;

    public StoryDatabase(IOptions<StorageOptions> options, ILogger<StoryDatabase> logger, TimeProvider? timeProvider = null)
    {
        _path = Path.GetFullPath(options.Value.DatabasePath);
        _logger = logger;
        _timeProvider = timeProvider ?? TimeProvider.System;
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _lock = TakeLock(_path);
        try
        {
            _engine = Open(migrate: true);
        }
        catch
        {
            // A file that cannot be opened (damaged, newer) must not keep the lock.
            _lock.Dispose();
            throw;
        }

        logger.LogInformation("Database {Path} ready (schema {Version})", _path, SchemaVersion);
    }

    internal GuardedCollection<SubscriptionDocument> Subscriptions => new(this, "subscriptions");
    internal GuardedCollection<DeliveryDocument> Deliveries => new(this, "deliveries");
    internal GuardedCollection<FileIdDocument> FileIds => new(this, "file_ids");
    internal GuardedCollection<AccountStateDocument> Accounts => new(this, "accounts");
    internal GuardedCollection<InstagramAccountDocument> InstagramAccounts => new(this, "instagram_accounts");

    /// <summary>
    /// Runs one call on the engine; closing or replacing the engine waits until no call is under way (see
    /// <see cref="GuardedCollection{T}"/> for why).
    /// </summary>
    internal T Use<T>(Func<LiteDatabase, T> call)
    {
        _gate.EnterReadLock();
        try
        {
            if (Volatile.Read(ref _disposed) == 1)
                throw new ObjectDisposedException(nameof(StoryDatabase));
            return call(_engine);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>How long closing the engine waits for calls under way (a call is milliseconds; a stuck disk is not).</summary>
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(10);

    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.SupportsRecursion);

    /// <summary>Closes the current engine once no call is using it.</summary>
    private void CloseEngine()
    {
        var entered = _gate.TryEnterWriteLock(CloseWait);
        try
        {
            if (!entered)
                _logger.LogWarning("Database {Path}: calls still under way after {Wait}; closing it anyway", _path, CloseWait);
            try
            {
                _engine.Dispose();
            }
            catch (Exception ex) when (StorageErrors.Is(ex) || ex is AggregateException)
            {
                // A broken engine may fail to close; it is let go all the same.
                _logger.LogWarning("Database {Path} did not close cleanly: {Reason}", _path, ex.Message);
            }
            finally
            {
                LiteDbOrphans.Forget(_engine);
            }
        }
        finally
        {
            if (entered)
                _gate.ExitWriteLock();
        }
    }

    private static readonly Type[] DocumentTypes =
    [
        typeof(SubscriptionDocument), typeof(DeliveryDocument), typeof(FileIdDocument), typeof(AccountStateDocument),
        typeof(InstagramAccountDocument), typeof(MetaDocument),
    ];

    /// <summary>Closes the engine and opens a new one on the file; false when it is too soon to try again, or it failed.</summary>
    public bool TryReopen()
    {
        lock (_reopening)
        {
            if (Volatile.Read(ref _disposed) == 1)
                return false;
            var now = _timeProvider.GetTimestamp();
            if (_lastReopen != 0 && _timeProvider.GetElapsedTime(_lastReopen, now) < ReopenInterval)
                return false;
            _lastReopen = now;
            // No call sees the engine between closing the old one and opening the new one.
            if (!_gate.TryEnterWriteLock(CloseWait))
                return false;
            try
            {
                try
                {
                    _engine.Dispose();
                }
                catch (Exception ex) when (StorageErrors.Is(ex) || ex is AggregateException)
                {
                    // It was broken; that is why it is being replaced.
                }
                finally
                {
                    LiteDbOrphans.Forget(_engine);
                }

                try
                {
                    _engine = Open(migrate: false);
                    _logger.LogInformation("Database {Path} reopened", _path);
                    return true;
                }
                catch (Exception ex) when (StorageErrors.Is(ex))
                {
                    _logger.LogWarning("Database {Path} cannot be reopened yet: {Reason}", _path, ex.Message);
                    return false;
                }
            }
            finally
            {
                _gate.ExitWriteLock();
            }
        }
    }

    private LiteDatabase Open(bool migrate)
    {
        // A mapper of its own, built here before any concurrent use: LiteDB's shared BsonMapper.Global builds an
        // entity's member map after publishing it, so a second database opened at the same moment (tests run in
        // parallel) could see "Member NextCheckAt not found on BsonMapper".
        var mapper = new BsonMapper();
        foreach (var type in DocumentTypes)
            mapper.ToDocument(type, Activator.CreateInstance(type));
        var engine = new LiteDatabase(new ConnectionString { Filename = _path, Connection = ConnectionType.Direct }, mapper);
        try
        {
            if (migrate)
                Migrate(engine);
            engine.GetCollection<SubscriptionDocument>("subscriptions").EnsureIndex(s => s.ChatId);
            engine.GetCollection<SubscriptionDocument>("subscriptions").EnsureIndex(s => s.Username);
            engine.GetCollection<DeliveryDocument>("deliveries").EnsureIndex(d => d.ChatId);
            engine.GetCollection<DeliveryDocument>("deliveries").EnsureIndex(d => d.Username);
            engine.GetCollection<DeliveryDocument>("deliveries").EnsureIndex(d => d.At);
            engine.GetCollection<AccountStateDocument>("accounts").EnsureIndex(a => a.NextCheckAt);
            // A new collection, so no schema step: older files simply start without any ids.
            engine.GetCollection<InstagramAccountDocument>("instagram_accounts").EnsureIndex(a => a.Username);
            return engine;
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    /// <summary>Runs the migrations between the file's version and ours, in order; a newer file is refused.</summary>
    private void Migrate(LiteDatabase engine)
    {
        var meta = engine.GetCollection<MetaDocument>("meta");
        var current = meta.FindById("schema")?.SchemaVersion ?? 0;
        if (current > SchemaVersion)
            throw new InvalidOperationException($"The database was written by a newer StoryBot (schema {current} > {SchemaVersion}).");

        for (var version = current + 1; version <= SchemaVersion; version++)
        {
            // Version 1 is the first layout: nothing to convert. Later versions add their step here.
            _logger.LogInformation("Database schema {From} → {To}", version - 1, version);
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
        CloseEngine();
        _lock.Dispose();
    }
}
