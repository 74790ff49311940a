using System.Text.Json;

namespace StoryBot.Core.Sources.Instagram;

/// <summary>
/// Reads <c>reels_media</c> answers: the <c>reels</c> map (instaloader, yt-dlp) or the <c>reels_media</c> array
/// (gallery-dl), whichever is there. <c>pk</c> has 19 digits, beyond a double's precision, so it is read as text.
/// </summary>
public static class InstagramReels
{
    public sealed record Reel(string Id, string? Title, IReadOnlyList<Item> Items);

    /// <param name="MediaUrl">Largest image candidate for photos, largest progressive MP4 for videos.</param>
    public sealed record Item(string Pk, bool IsVideo, string? MediaUrl, long TakenAt, int Position);

    public static IReadOnlyDictionary<string, Reel> Parse(JsonElement root)
    {
        var reels = new Dictionary<string, Reel>(StringComparer.Ordinal);
        if (root.TryGetProperty("reels", out var map) && map.ValueKind == JsonValueKind.Object)
            foreach (var property in map.EnumerateObject())
                if (ReadReel(property.Value, property.Name) is { } reel)
                    reels[reel.Id] = reel;

        if (root.TryGetProperty("reels_media", out var array) && array.ValueKind == JsonValueKind.Array)
            foreach (var entry in array.EnumerateArray())
                if (ReadReel(entry, null) is { } reel)
                    reels.TryAdd(reel.Id, reel);

        return reels;
    }

    private static Reel? ReadReel(JsonElement reel, string? key)
    {
        if (reel.ValueKind != JsonValueKind.Object)
            return null;
        var id = Id(reel, "id") ?? key;
        if (id is null)
            return null;

        var items = new List<Item>();
        if (reel.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            var position = 0;
            foreach (var item in array.EnumerateArray())
                if (ReadItem(item, position++) is { } parsed)
                    items.Add(parsed);
        }

        var title = reel.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return new Reel(id, title, items);
    }

    private static Item? ReadItem(JsonElement item, int position)
    {
        if (item.ValueKind != JsonValueKind.Object || Id(item, "pk") is not { } pk || !pk.All(char.IsAsciiDigit))
            return null;

        // Decide by media_type, not by which arrays exist: a video also carries its poster in image_versions2.
        var isVideo = item.TryGetProperty("media_type", out var type) && type.ValueKind == JsonValueKind.Number && type.TryGetInt32(out var t) && t == 2;
        var url = isVideo
            ? Largest(item, "video_versions")
            : item.TryGetProperty("image_versions2", out var images) ? Largest(images, "candidates") : null;
        var takenAt = item.TryGetProperty("taken_at", out var taken) && taken.ValueKind == JsonValueKind.Number && taken.TryGetInt64(out var seconds) ? seconds : 0;
        return new Item(pk, isVideo, url, takenAt, position);
    }

    /// <summary>The entry with the most pixels; the order Instagram lists them in is not to be trusted.</summary>
    private static string? Largest(JsonElement owner, string arrayName)
    {
        if (!owner.TryGetProperty(arrayName, out var array) || array.ValueKind != JsonValueKind.Array)
            return null;

        string? best = null;
        long bestPixels = -1;
        foreach (var version in array.EnumerateArray())
        {
            if (version.ValueKind != JsonValueKind.Object ||
                !version.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String)
                continue;
            var pixels = (long)Int(version, "width") * Int(version, "height");
            if (pixels > bestPixels)
                (best, bestPixels) = (url.GetString(), pixels);
        }

        return best;
    }

    private static int Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : 0;

    /// <summary>Ids come as strings or as bare numbers; the number's raw text keeps every digit.</summary>
    internal static string? Id(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;
}
