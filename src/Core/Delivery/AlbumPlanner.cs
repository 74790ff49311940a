using StoryBot.Core.Sources;

namespace StoryBot.Core.Delivery;

/// <summary>
/// Turns a request's items and chats into albums, without any I/O: per chat, in the chats' order, one series per
/// group (a highlight), albums of at most <see cref="AlbumSize"/> items in the items' order. The first album
/// planned with an item uploads it; every later album with that item waits for that one, so it can send the item
/// by file_id. Dependencies only point at earlier-planned albums: there are no cycles.
/// </summary>
public static class AlbumPlanner
{
    /// <summary>Telegram albums take 2–10 items.</summary>
    public const int AlbumSize = 10;

    public static IReadOnlyList<PlannedAlbum> Plan(IReadOnlyList<StoryItem> items, IReadOnlyList<DeliveryTarget> targets)
    {
        var albums = new List<PlannedAlbum>();
        var uploader = new Dictionary<int, int>();
        foreach (var target in targets)
        {
            var wanted = Enumerable.Range(0, items.Count).Where(i => target.Wants(items[i]));
            foreach (var group in wanted.GroupBy(i => items[i].Group))
            {
                var chunks = group.Chunk(AlbumSize).ToList();
                for (var part = 0; part < chunks.Count; part++)
                {
                    var number = albums.Count;
                    var waitsFor = chunks[part].Select(i => uploader.GetValueOrDefault(i, -1)).Where(n => n >= 0).Distinct().ToList();
                    foreach (var i in chunks[part])
                        uploader.TryAdd(i, number);
                    albums.Add(new PlannedAlbum(number, target.ChatId, group.Key, part + 1, chunks.Count, chunks[part], waitsFor));
                }
            }
        }

        return albums;
    }
}
