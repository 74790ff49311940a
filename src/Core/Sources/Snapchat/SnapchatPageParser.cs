using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace StoryBot.Core.Sources.Snapchat;

/// <summary>
/// Reads a Snapchat profile page as docs/snapchat-web.md §3–§4 describes it. Every field is optional, unknown keys are
/// ignored, ints and strings are tolerated where the site has been seen to switch, and <c>userProfile</c> is read
/// through its <c>$case</c> tag, never through a fixed member (that crashed snapchat-dl on ordinary accounts).
/// </summary>
public static partial class SnapchatPageParser
{
    // Matches the id attribute inside one script start tag, whatever the attribute order or quoting.
    [GeneratedRegex("""\bid\s*=\s*["']?__NEXT_DATA__(?:["'\s/>]|$)""", RegexOptions.CultureInvariant)]
    private static partial Regex NextDataIdAttribute();

    /// <exception cref="SnapchatPageException">No readable <c>__NEXT_DATA__</c> or no <c>props.pageProps</c>.</exception>
    public static SnapchatPage Parse(string html) =>
        ReadPageProps(html, pageProps => new SnapchatPage(
            ReadProfile(pageProps),
            ReadStory(pageProps),
            ReadHighlights(pageProps, "curatedHighlights", idProperty: "highlightId"),
            ReadHighlights(pageProps, "spotlightHighlights", idProperty: "storyId")));

    /// <summary>
    /// Reads a <c>/spotlight/{id}</c> page (docs/snapchat-web.md §11): its feed may hold other spotlights after the
    /// asked one, so only the entry whose story or snap id is <paramref name="spotlightId"/> is taken.
    /// </summary>
    /// <returns>Null when the page does not hold that spotlight.</returns>
    /// <exception cref="SnapchatPageException">No readable <c>__NEXT_DATA__</c> or no <c>props.pageProps</c>.</exception>
    public static SnapchatSpotlight? ParseSpotlight(string html, string spotlightId) =>
        ReadPageProps(html, pageProps =>
        {
            if (Property(Property(pageProps, "spotlightFeed"), "spotlightStories") is not { ValueKind: JsonValueKind.Array } stories)
                return null;

            foreach (var entry in stories.EnumerateArray())
            {
                var story = Property(entry, "story");
                var snaps = ReadSnaps(story);
                var id = String(Property(Property(story, "storyId"), "value"));
                if (id != spotlightId && !snaps.Any(snap => snap.SnapId == spotlightId))
                    continue;

                var video = Property(Property(entry, "metadata"), "videoMetadata");
                return new SnapchatSpotlight(
                    spotlightId,
                    NonEmpty(String(Property(Property(Property(video, "creator"), "personCreator"), "username"))),
                    NonEmpty(String(Property(video, "name"))),
                    Integer(Property(video, "uploadDateMs")),
                    NonEmpty(String(Property(video, "contentUrl"))),
                    snaps);
            }

            return null;
        });

    private static T ReadPageProps<T>(string html, Func<JsonElement, T> read)
    {
        var json = ExtractNextDataJson(html) ?? throw new SnapchatPageException("no __NEXT_DATA__ script");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new SnapchatPageException($"__NEXT_DATA__ is not valid JSON ({ex.Message})");
        }

        using (document)
        {
            if (Property(document.RootElement, "props") is not { } props ||
                Property(props, "pageProps") is not { ValueKind: JsonValueKind.Object } pageProps)
                throw new SnapchatPageException("__NEXT_DATA__ has no props.pageProps");

            return read(pageProps);
        }
    }

    /// <summary>
    /// Finds the script whose id is <c>__NEXT_DATA__</c> and returns its text up to the next <c>&lt;/script</c>.
    /// Next.js escapes every '&lt;' inside the JSON, so the first closing tag really ends it.
    /// </summary>
    internal static string? ExtractNextDataJson(string html)
    {
        var position = 0;
        while ((position = html.IndexOf("<script", position, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var tagEnd = html.IndexOf('>', position);
            if (tagEnd < 0)
                return null;

            var tag = html.AsSpan(position, tagEnd - position + 1);
            if (NextDataIdAttribute().IsMatch(tag))
            {
                var end = html.IndexOf("</script", tagEnd + 1, StringComparison.OrdinalIgnoreCase);
                return end < 0 ? null : html[(tagEnd + 1)..end];
            }

            position = tagEnd + 1;
        }

        return null;
    }

    private static SnapchatProfile? ReadProfile(JsonElement pageProps)
    {
        // A not-found page is a normal Next.js shell without userProfile (and sometimes pageType "NOT_FOUND").
        if (Property(pageProps, "pageMetadata") is { } metadata &&
            Property(metadata, "pageType") is { ValueKind: JsonValueKind.String } pageType &&
            pageType.GetString() == "NOT_FOUND")
            return null;

        if (Property(pageProps, "userProfile") is not { ValueKind: JsonValueKind.Object } userProfile)
            return null;

        // Without the tag, dispatch on the member that is there (gallery-dl reads publicProfileInfo directly), rather
        // than calling every such account private.
        var @case = String(Property(userProfile, "$case")) ?? PresentMember(userProfile);
        var member = @case is null ? null : Property(userProfile, @case);
        return @case switch
        {
            "publicProfileInfo" => new SnapchatProfile(
                String(Property(member, "username")), String(Property(member, "title")), IsPublic: true),
            "userInfo" => new SnapchatProfile(
                String(Property(member, "username")), String(Property(member, "displayName")), IsPublic: false),
            // An unknown member: the account exists but we cannot tell what it is. Treat it like an ordinary
            // account, which has no public story, rather than guessing it is public.
            _ => new SnapchatProfile(String(Property(member, "username")), null, IsPublic: false),
        };
    }

    private static string? PresentMember(JsonElement userProfile) =>
        new[] { "publicProfileInfo", "userInfo" }.FirstOrDefault(name =>
            Property(userProfile, name) is { ValueKind: JsonValueKind.Object });

    private static IReadOnlyList<SnapchatSnap>? ReadStory(JsonElement pageProps)
    {
        // Three forms of "no current story": story absent, story null, snapList empty.
        var snaps = ReadSnaps(Property(pageProps, "story"));
        return snaps.Count == 0 ? null : snaps;
    }

    private static IReadOnlyList<SnapchatHighlight> ReadHighlights(JsonElement pageProps, string name, string idProperty)
    {
        if (Property(pageProps, name) is not { ValueKind: JsonValueKind.Array } array)
            return [];

        return array.EnumerateArray()
            .Where(entry => entry.ValueKind == JsonValueKind.Object)
            .Select(entry => new SnapchatHighlight(
                NonEmpty(String(Property(Property(entry, idProperty), "value"))),
                NonEmpty(String(Property(Property(entry, "storyTitle"), "value"))),
                NonEmpty(String(Property(Property(entry, "thumbnailUrl"), "value"))),
                ReadSnaps(entry)))
            .ToList();
    }

    private static List<SnapchatSnap> ReadSnaps(JsonElement? story)
    {
        if (Property(story, "snapList") is not { ValueKind: JsonValueKind.Array } snapList)
            return [];

        var snaps = new List<SnapchatSnap>();
        var position = 0;
        foreach (var snap in snapList.EnumerateArray())
        {
            if (snap.ValueKind != JsonValueKind.Object)
                continue;

            snaps.Add(new SnapchatSnap(
                Index: (int?)Integer(Property(snap, "snapIndex")) ?? position,
                SnapId: String(Property(Property(snap, "snapId"), "value")) ?? "",
                MediaType: (int?)Integer(Property(snap, "snapMediaType")),
                MediaUrl: NonEmpty(String(Property(Property(snap, "snapUrls"), "mediaUrl"))),
                TimestampSeconds: Integer(Property(Property(snap, "timestampInSec"), "value")))
            {
                PreviewUrl = NonEmpty(String(Property(Property(Property(snap, "snapUrls"), "mediaPreviewUrl"), "value"))),
            });
            position++;
        }

        return snaps;
    }

    private static JsonElement? Property(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(name, out var value) ? value : null;

    private static string? String(JsonElement? element) =>
        element is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Timestamps are strings on the page, indexes ints; accept either form for both.</summary>
    private static long? Integer(JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.Number } number when number.TryGetInt64(out var value) => value,
        { ValueKind: JsonValueKind.String } text when long.TryParse(
            text.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) => value,
        _ => null,
    };
}
