using System.Text.Json;

namespace StoryBot.Core.Sources.Instagram;

/// <summary>
/// Reads <c>reels_media</c> answers: the <c>reels</c> map (instaloader, yt-dlp), the <c>reels_media</c> array
/// (gallery-dl) or the GraphQL wrapper <c>data.xdt_api__v1__feed__reels_media__connection.edges[].node</c>
/// (docs/instagram-web.md §10.2), whichever is there. <c>pk</c> has 19 digits, beyond a double's precision, so it is
/// read as text.
/// </summary>
public static class InstagramReels
{
    private const string GraphQlConnection = "xdt_api__v1__feed__reels_media__connection";

    /// <param name="Owner">The account the reel belongs to, as the answer names it: how a rename is noticed.</param>
    public sealed record Reel(string Id, string? Title, IReadOnlyList<Item> Items, ReelOwner? Owner = null);

    public sealed record ReelOwner(string Id, string Username, string? FullName, bool IsPrivate);

    /// <param name="MediaUrl">Largest image candidate for photos, largest progressive MP4 for videos.</param>
    /// <param name="ExpiringAt">Unix seconds when a story item goes; 0 for highlight items, which stay.</param>
    public sealed record Item(string Pk, bool IsVideo, string? MediaUrl, long TakenAt, int Position, long ExpiringAt = 0)
    {
        /// <summary>A video's poster: the largest of its image_versions2 candidates.</summary>
        public string? PosterUrl { get; init; }
    }

    /// <summary>
    /// Whether the answer carries reels at all. A logged-in session gets the key even when it is empty; an answer
    /// without any of the shapes is what Instagram gives a session that is no longer logged in (§10.2).
    /// </summary>
    public static bool HasReels(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object &&
        (root.TryGetProperty("reels", out _) || root.TryGetProperty("reels_media", out _) || GraphQlEdges(root) is not null);

    public static IReadOnlyDictionary<string, Reel> Parse(JsonElement root)
    {
        var reels = new Dictionary<string, Reel>(StringComparer.Ordinal);
        if (root.ValueKind != JsonValueKind.Object)
            return reels;
        if (root.TryGetProperty("reels", out var map) && map.ValueKind == JsonValueKind.Object)
            foreach (var property in map.EnumerateObject())
                if (ReadReel(property.Value, property.Name) is { } reel)
                    reels[reel.Id] = reel;

        if (root.TryGetProperty("reels_media", out var array) && array.ValueKind == JsonValueKind.Array)
            foreach (var entry in array.EnumerateArray())
                if (ReadReel(entry, null) is { } reel)
                    reels.TryAdd(reel.Id, reel);

        if (GraphQlEdges(root) is { } edges)
            foreach (var edge in edges.EnumerateArray())
                if (edge.ValueKind == JsonValueKind.Object && edge.TryGetProperty("node", out var node) && ReadReel(node, null) is { } reel)
                    reels.TryAdd(reel.Id, reel);

        return reels;
    }

    private static JsonElement? GraphQlEdges(JsonElement root) =>
        root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object &&
        data.TryGetProperty(GraphQlConnection, out var connection) && connection.ValueKind == JsonValueKind.Object &&
        connection.TryGetProperty("edges", out var edges) && edges.ValueKind == JsonValueKind.Array
            ? edges
            : null;

    private static ReelOwner? ReadOwner(JsonElement reel)
    {
        if (!reel.TryGetProperty("user", out var user) || user.ValueKind != JsonValueKind.Object)
            return null;
        var id = Id(user, "pk") ?? Id(user, "pk_id") ?? Id(user, "id");
        var username = user.TryGetProperty("username", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        if (id is null || !id.All(char.IsAsciiDigit) || username is null || !InstagramUsername.IsUsername(username))
            return null;
        return new ReelOwner(id, username.ToLowerInvariant(), Text(user, "full_name"), IsTrue(user, "is_private"));
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
        return new Reel(id, title, items, ReadOwner(reel));
    }

    private static Item? ReadItem(JsonElement item, int position)
    {
        if (item.ValueKind != JsonValueKind.Object || Id(item, "pk") is not { } pk || !pk.All(char.IsAsciiDigit))
            return null;

        // Decide by media_type, not by which arrays exist: a video also carries its poster in image_versions2.
        var isVideo = item.TryGetProperty("media_type", out var type) && type.ValueKind == JsonValueKind.Number && type.TryGetInt32(out var t) && t == 2;
        var image = item.TryGetProperty("image_versions2", out var images) ? Largest(images, "candidates") : null;
        var url = isVideo ? Largest(item, "video_versions") : image;
        var takenAt = item.TryGetProperty("taken_at", out var taken) && taken.ValueKind == JsonValueKind.Number && taken.TryGetInt64(out var seconds) ? seconds : 0;
        var expiringAt = item.TryGetProperty("expiring_at", out var expiring) && expiring.ValueKind == JsonValueKind.Number && expiring.TryGetInt64(out var e) ? e : 0;
        return new Item(pk, isVideo, url, takenAt, position, expiringAt) { PosterUrl = isVideo ? image : null };
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
    /// <summary>A non-empty string property, or null.</summary>
    internal static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    /// <summary>A boolean property that is present and true.</summary>
    internal static bool IsTrue(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

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
