using System.Linq.Expressions;
using LiteDB;

namespace StoryBot.Core.Storage;

/// <summary>
/// A LiteDB collection whose every call runs inside the database's gate and returns whole results. LiteDB ties a
/// transaction to the thread that runs it: a query enumerated later (after an await, on another thread) or an
/// engine closed while a call is under way leaves a transaction undisposed, and LiteDB 5's finalizer for it throws
/// on the GC's thread, which ends the process (litedb-org/LiteDB#2828). So results are lists, and closing or
/// reopening the engine waits for the calls in flight (<see cref="StoryDatabase.Use{T}"/>).
/// </summary>
internal sealed class GuardedCollection<T>(StoryDatabase database, string name)
{
    public T? FindById(BsonValue id) => Use(c => c.FindById(id));

    public List<T> Find(Expression<Func<T, bool>> predicate) => Use(c => c.Find(predicate).ToList());

    public List<T> FindAll() => Use(c => c.FindAll().ToList());

    public T? FindOne(Expression<Func<T, bool>> predicate) => Use(c => c.FindOne(predicate));

    public bool Exists(Expression<Func<T, bool>> predicate) => Use(c => c.Exists(predicate));

    public int Count() => Use(c => c.Count());

    public int Count(Expression<Func<T, bool>> predicate) => Use(c => c.Count(predicate));

    public bool Delete(BsonValue id) => Use(c => c.Delete(id));

    public int DeleteMany(Expression<Func<T, bool>> predicate) => Use(c => c.DeleteMany(predicate));

    public BsonValue Insert(T document) => Use(c => c.Insert(document));

    public bool Update(T document) => Use(c => c.Update(document));

    public bool Upsert(T document) => Use(c => c.Upsert(document));

    private TResult Use<TResult>(Func<ILiteCollection<T>, TResult> call) =>
        database.Use(engine => call(engine.GetCollection<T>(name)));
}
