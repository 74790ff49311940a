namespace StoryBot.Core.Sources.Snapchat;

/// <summary>Turns a parsed page into the items of one kind, with stable ids and oldest first.</summary>
public static class SnapchatItems
{
    private const long MaxUnixSeconds = 253_402_300_799; // 9999-12-31, DateTimeOffset's limit

    /// <summary>
    /// The profile page shows at most about this many highlights, and as many spotlights, with no way to page further
    /// (docs/snapchat-web.md §4.6): a list this long is probably cut.
    /// </summary>
    public const int PageShowsAtMost = 20;

    /// <summary>True when the page's list of that kind is as long as the page shows: older entries may be missing.</summary>
    public static bool PageFull(SnapchatPage page, StoryKind kind) => kind switch
    {
        StoryKind.Highlights => page.Highlights.Count >= PageShowsAtMost,
        StoryKind.Spotlight => page.Spotlights.Count >= PageShowsAtMost,
        _ => false,
    };

    /// <summary>
    /// The one video of a spotlight page, with the id the profile's spotlight list gives it, so both ways of asking
    /// for it name the same item.
    /// </summary>
    public static IReadOnlyList<StoryItem> From(SnapchatSpotlight spotlight)
    {
        var snaps = spotlight.Snaps.Count > 0
            ? spotlight.Snaps
            : [new SnapchatSnap(0, spotlight.Id, MediaType: 1, spotlight.ContentUrl, TimestampSeconds: null)];
        return StoryOrder.OldestFirst(snaps.Select(snap =>
        {
            var filled = snap with
            {
                // Spotlights are videos; the page's own type wins when it gives one.
                MediaType = snap.MediaType ?? 1,
                MediaUrl = snap.MediaUrl ?? spotlight.ContentUrl,
                TimestampSeconds = snap.TimestampSeconds ?? spotlight.UploadedAtMs / 1000,
            };
            return ToItem(filled, $"spotlight:{NonEmpty(snap.SnapId) ?? spotlight.Id}", group: null);
        }));
    }

    public static IReadOnlyList<StoryItem> From(SnapchatPage page, StoryKind kind) => kind switch
    {
        StoryKind.Stories => StoryOrder.OldestFirst((page.Story ?? []).Select(snap => ToItem(snap, StoryId(snap), group: null))),
        StoryKind.Highlights => page.Highlights.SelectMany(Highlight).ToList(),
        StoryKind.Spotlight => StoryOrder.OldestFirst(page.Spotlights.SelectMany(spotlight => spotlight.Snaps.Select(
            snap => ToItem(snap, $"spotlight:{NonEmpty(snap.SnapId) ?? spotlight.Id ?? CdnMediaId(snap.MediaUrl)}", group: null)))),
        _ => [],
    };

    private static IEnumerable<StoryItem> Highlight(SnapchatHighlight highlight, int position)
    {
        // Curated highlights have an empty snapId; the highlight id plus the CDN media id is stable, and the
        // snap index is the fallback when the URL is missing. Never the signed URL itself.
        // 2021 pages have no highlightId: the cover's CDN id is the next most stable thing (not the position,
        // which shifts when a highlight is added).
        var highlightKey = highlight.Id
                           ?? (CdnMediaId(highlight.ThumbnailUrl) is { } cover ? $"cover-{cover}" : null)
                           ?? $"untitled-{position}";
        var group = new StoryGroup(highlightKey, highlight.Title ?? "Highlight");
        return StoryOrder.OldestFirst(highlight.Snaps.Select(snap =>
            ToItem(snap, $"highlight:{highlightKey}:{CdnMediaId(snap.MediaUrl) ?? $"#{snap.Index}"}", group)));
    }

    private static string StoryId(SnapchatSnap snap) =>
        NonEmpty(snap.SnapId) ?? $"cdn:{CdnMediaId(snap.MediaUrl) ?? $"#{snap.Index}"}";

    private static StoryItem ToItem(SnapchatSnap snap, string id, StoryGroup? group) => new(
        id,
        // 0 = image, 1 = video (the original compared this int with the string "VIDEO" and sent every video as a
        // photo). Unknown values are taken as photos; the download stage sniffs the bytes and corrects it.
        snap.MediaType == 1 ? MediaKind.Video : MediaKind.Photo,
        Uri.TryCreate(snap.MediaUrl, UriKind.Absolute, out var url) ? url : null,
        snap.TimestampSeconds is { } seconds and >= 0 and <= MaxUnixSeconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.MinValue,
        snap.Index,
        group)
    {
        // Only a video needs a poster (Telegram's cover); never fetched as the media itself.
        PosterUrl = snap.MediaType == 1 && Uri.TryCreate(snap.PreviewUrl, UriKind.Absolute, out var poster) ? poster : null,
    };

    /// <summary>The last path segment up to its first '.': the same for a snap's media and preview URLs.</summary>
    internal static string? CdnMediaId(string? mediaUrl)
    {
        if (!Uri.TryCreate(mediaUrl, UriKind.Absolute, out var url))
            return null;
        var last = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        var id = last?.Split('.')[0];
        return string.IsNullOrEmpty(id) ? null : id;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
