namespace StoryBot.Core.Caching;

/// <summary>
/// A small thread-safe cache whose entries expire after <paramref name="lifetime"/> and which never holds more than
/// <paramref name="capacity"/> of them: every username anyone types must not stay in memory for good.
/// </summary>
public sealed class ExpiringCache<TKey, TValue>(int capacity, TimeSpan lifetime, TimeProvider timeProvider, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly Dictionary<TKey, (TValue Value, long At)> _entries = new(comparer);

    public int Count
    {
        get
        {
            lock (_entries)
                return _entries.Count;
        }
    }

    public bool TryGet(TKey key, out TValue value)
    {
        lock (_entries)
        {
            if (_entries.TryGetValue(key, out var entry) && !Expired(entry.At, timeProvider.GetTimestamp()))
            {
                value = entry.Value;
                return true;
            }

            _entries.Remove(key);
            value = default!;
            return false;
        }
    }

    public void Set(TKey key, TValue value)
    {
        lock (_entries)
        {
            var now = timeProvider.GetTimestamp();
            if (!_entries.ContainsKey(key) && _entries.Count >= capacity)
            {
                foreach (var stale in _entries.Where(e => Expired(e.Value.At, now)).Select(e => e.Key).ToList())
                    _entries.Remove(stale);
                if (_entries.Count >= capacity)
                    _entries.Remove(_entries.MinBy(e => e.Value.At).Key);
            }

            _entries[key] = (value, now);
        }
    }

    private bool Expired(long at, long now) => timeProvider.GetElapsedTime(at, now) >= lifetime;
}
