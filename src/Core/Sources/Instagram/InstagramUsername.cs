using System.Text;
using System.Text.RegularExpressions;

namespace StoryBot.Core.Sources.Instagram;

/// <summary>
/// Turns what people paste into an Instagram reference, or refuses it: a username, <c>@username</c>,
/// <c>id:{digits}</c>, or an instagram.com link to a profile, a story, one story item, a highlight, or the share form
/// of a highlight (docs/instagram-web.md §10.3). Whatever is refused here never reaches the network.
/// </summary>
public static partial class InstagramUsername
{
    [GeneratedRegex("^[A-Za-z0-9._]{1,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex UsernamePattern();

    /// <summary>User ids have 1–20 digits (a long); media and highlight ids up to 25, with room to grow.</summary>
    [GeneratedRegex("^id:([0-9]{1,20})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex UserIdPattern();

    [GeneratedRegex("^[0-9]{1,25}$", RegexOptions.CultureInvariant)]
    private static partial Regex MediaIdPattern();

    [GeneratedRegex("^highlight:([0-9]{1,25})$", RegexOptions.CultureInvariant)]
    private static partial Regex HighlightPattern();

    private static readonly string[] ProfileHosts = ["instagram.com", "www.instagram.com", "m.instagram.com"];

    /// <summary>Paths on instagram.com that are not profiles.</summary>
    private static readonly HashSet<string> ReservedPaths =
        new(["p", "reel", "reels", "tv", "explore", "accounts", "direct", "about", "legal", "developer", "api", "stories", "s", "web", "challenge", "auth_platform"],
            StringComparer.OrdinalIgnoreCase);

    private const int MaxInputLength = 300;

    /// <summary>A well-formed username (any case).</summary>
    public static bool IsUsername(string text) => UsernamePattern().IsMatch(text) && !text.All(c => c == '.');

    /// <summary>Anything /insta takes; <paramref name="key"/> is the reference's <see cref="InstagramTarget.Key"/>.</summary>
    public static bool TryParse(string? input, out string key)
    {
        key = TryParseTarget(input, out var target) ? target.Key : "";
        return key.Length > 0;
    }

    /// <summary>
    /// An account to follow: a username, an id, or a link to its profile, story or one story item (the item's link
    /// follows its account). A highlight is not an account, so it is refused.
    /// </summary>
    public static bool TryParseAccount(string? input, out string key)
    {
        key = TryParseTarget(input, out var target) && target.Account is { } account ? account.Key : "";
        return key.Length > 0;
    }

    public static bool TryParseTarget(string? input, out InstagramTarget target)
    {
        target = null!;
        if (string.IsNullOrWhiteSpace(input) || input.Length > MaxInputLength)
            return false;

        var text = input.Trim();
        if (UserIdPattern().Match(text) is { Success: true } id)
        {
            target = new InstagramTarget(InstagramTargetKind.UserId, id.Groups[1].Value.TrimStart('0') is { Length: > 0 } digits ? digits : "0");
            return true;
        }

        if (HighlightPattern().Match(text) is { Success: true } highlight)
        {
            target = new InstagramTarget(InstagramTargetKind.Highlight, highlight.Groups[1].Value);
            return true;
        }

        InstagramTarget? parsed;
        if (ProfileLink.LooksLikeLink(text, "instagram.com"))
            parsed = FromLink(text);
        else
        {
            var name = text.StartsWith('@') ? text[1..] : text;
            parsed = IsUsername(name) ? new InstagramTarget(InstagramTargetKind.Username, name) : null;
        }

        if (parsed is null)
            return false;
        target = parsed.Username is { } username ? parsed with { Value = username.ToLowerInvariant() } : parsed;
        return true;
    }

    /// <summary>
    /// instagram.com/u, www.instagram.com/u/?igsh=…, /stories/u/, /stories/u/{mediaId}/, /stories/highlights/{id}/,
    /// /s/{base64 of "highlight:{id}"}?story_media_id=… (with or without scheme). The query is ignored: the share
    /// form brings its whole highlight, so story_media_id is not needed.
    /// </summary>
    private static InstagramTarget? FromLink(string text) =>
        ProfileLink.Segments(text, ProfileHosts) switch
        {
            ["stories", "highlights", var id] when MediaIdPattern().IsMatch(id) => new InstagramTarget(InstagramTargetKind.Highlight, id),
            ["stories", "highlights", ..] => null,
            ["stories", var u] when IsUsername(u) => new InstagramTarget(InstagramTargetKind.Username, u),
            ["stories", var u, var media] when IsUsername(u) && MediaIdPattern().IsMatch(media) => new InstagramTarget(InstagramTargetKind.StoryItem, u, media),
            ["s", var share] when HighlightOfShare(share) is { } id => new InstagramTarget(InstagramTargetKind.Highlight, id),
            [var u] when !ReservedPaths.Contains(u) && IsUsername(u) => new InstagramTarget(InstagramTargetKind.Username, u),
            _ => null,
        };

    /// <summary>The share form's segment is base64 (standard or URL-safe, padding optional) of "highlight:{id}".</summary>
    private static string? HighlightOfShare(string segment)
    {
        if (segment.Length is 0 or > 64)
            return null;
        var base64 = segment.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        Span<byte> bytes = stackalloc byte[64];
        if (!Convert.TryFromBase64String(base64, bytes, out var written))
            return null;
        var decoded = Encoding.ASCII.GetString(bytes[..written]);
        return HighlightPattern().Match(decoded) is { Success: true } match ? match.Groups[1].Value : null;
    }
}
