using System.Collections;
using System.Reflection;
using LiteDB;
using LiteDB.Engine;

namespace StoryBot.Core.Storage;

/// <summary>
/// After LiteDB 5.0.21 closes an engine on a failed write (a full disk), a transaction whose cleanup threw stays
/// undisposed in the engine's transaction monitor. When the engine is dropped, the GC runs that transaction's
/// finalizer, which repeats the failing cleanup on the finalizer thread and ends the process ("discarded page must
/// be writable", litedb-org/LiteDB#2828). The engine is dead by then, so there is nothing for that cleanup to do:
/// before an engine is let go, its leftover transactions are taken off the finalizer queue.
/// </summary>
/// <remarks>
/// LiteDB's fields are private; this reads them by type, not by name, and does nothing if they are not found.
/// </remarks>
internal static class LiteDbOrphans
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    public static int Forget(LiteDatabase database)
    {
        try
        {
            var engine = FieldOfType(database, typeof(ILiteEngine));
            var monitor = engine is null ? null : FieldNamed(engine, "TransactionMonitor");
            if (monitor is null)
                return 0;

            var forgotten = 0;
            foreach (var field in monitor.GetType().GetFields(Instance))
            {
                var value = field.GetValue(monitor);
                IEnumerable? items = value switch
                {
                    IDictionary dictionary => dictionary.Values,
                    IEnumerable enumerable and not string => enumerable,
                    _ => null,
                };
                if (items is null)
                    continue;
                lock (value!)
                {
                    foreach (var item in items.Cast<object?>().ToList())
                    {
                        if (item?.GetType().Name == "TransactionService")
                        {
                            GC.SuppressFinalize(item);
                            forgotten++;
                        }
                    }
                }
            }

            return forgotten;
        }
        catch (Exception ex) when (ex is TargetException or FieldAccessException or InvalidOperationException or ObjectDisposedException)
        {
            return 0;
        }
    }

    private static object? FieldOfType(object owner, Type type) =>
        owner.GetType().GetFields(Instance).FirstOrDefault(f => type.IsAssignableFrom(f.FieldType))?.GetValue(owner);

    private static object? FieldNamed(object owner, string typeName) =>
        owner.GetType().GetFields(Instance).FirstOrDefault(f => f.FieldType.Name == typeName)?.GetValue(owner);
}
