using System.Text.RegularExpressions;

namespace StoryBot.Core.Sources.Snapchat;

/// <summary>
/// What a person pasted, read without any request: a profile (by username), a short link to resolve, or one spotlight.
/// Whatever is refused here never reaches the network.
/// </summary>
/// <param name="Value">The username (lower case), the short link's code, or the spotlight id.</param>
public sealed partial record SnapchatLink(SnapchatLinkKind Kind, string Value)
{
    // Short-link codes seen are short base62-like strings; the bound keeps anything odd out of the request URL.
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    // Spotlight ids are ~58 characters of the snap id alphabet (docs/snapchat-web.md §4.5).
    [GeneratedRegex("^[A-Za-z0-9_-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex SpotlightIdPattern();

    private static readonly string[] SiteHosts = ["snapchat.com", "www.snapchat.com"];
    private static readonly string[] ShortLinkHosts = ["t.snapchat.com"];

    /// <summary>Longest input worth looking at, as for usernames.</summary>
    private const int MaxInputLength = 200;

    public static bool TryParse(string? input, out SnapchatLink link)
    {
        link = new SnapchatLink(SnapchatLinkKind.Profile, "");
        if (string.IsNullOrWhiteSpace(input) || input.Length > MaxInputLength)
            return false;

        var text = input.Trim();
        if (ProfileLink.LooksLikeLink(text, "snapchat.com") && Special(text) is { } special)
        {
            link = special;
            return true;
        }

        if (!SnapchatUsername.TryParse(text, out var username))
            return false;
        link = new SnapchatLink(SnapchatLinkKind.Profile, username);
        return true;
    }

    /// <summary>Short links and spotlight links, which need a request before the bot knows whose they are.</summary>
    private static SnapchatLink? Special(string text)
    {
        if (ProfileLink.Segments(text, ShortLinkHosts) is [var shortCode])
            return CodePattern().IsMatch(shortCode) ? new SnapchatLink(SnapchatLinkKind.ShortLink, shortCode) : null;

        return ProfileLink.Segments(text, SiteHosts) switch
        {
            ["t", var code] => CodePattern().IsMatch(code) ? new SnapchatLink(SnapchatLinkKind.SiteShortLink, code) : null,
            ["spotlight", var id] => Spotlight(id),
            // A profile's own spotlight link names one video: bring that one, not the profile's story.
            [var at, "spotlight", var id] when at.StartsWith('@') => Spotlight(id),
            ["add", _, "spotlight", var id] => Spotlight(id),
            _ => null,
        };
    }

    private static SnapchatLink? Spotlight(string id) =>
        SpotlightIdPattern().IsMatch(id) ? new SnapchatLink(SnapchatLinkKind.Spotlight, id) : null;

    /// <summary>True for anything on a short-link form, well-formed or not: such input gets the short-link reply.</summary>
    public static bool LooksLikeShortLink(string input) =>
        input.Contains("t.snapchat.com/", StringComparison.OrdinalIgnoreCase) ||
        input.Contains("snapchat.com/t/", StringComparison.OrdinalIgnoreCase);
}
