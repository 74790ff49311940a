using System.Text.RegularExpressions;

namespace StoryBot.Core.Sources.Snapchat;

/// <summary>
/// Turns what a person typed (a username, <c>@username</c> or a profile link) into a Snapchat username, or refuses it.
/// Whatever is refused here never reaches the network.
/// </summary>
public static partial class SnapchatUsername
{
    // snapchat-dl's rule: 3–15 letters, digits, '.', '_', '-'. Snapchat's stricter own rule is unverified,
    // so we reject no more than that (docs/snapchat-web.md §1).
    [GeneratedRegex("^[A-Za-z0-9._-]{3,15}$", RegexOptions.CultureInvariant)]
    private static partial Regex UsernamePattern();

    private static readonly string[] ProfileHosts = ["snapchat.com", "www.snapchat.com", "story.snapchat.com"];

    /// <summary>Longest input worth looking at; anything longer is refused before any parsing.</summary>
    private const int MaxInputLength = 200;

    public static bool TryParse(string? input, out string username)
    {
        username = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > MaxInputLength)
            return false;

        var text = input.Trim();
        var candidate = ProfileLink.LooksLikeLink(text, "snapchat.com") ? FromProfileLink(text) : text.TrimStart('@');
        if (candidate is null || !UsernamePattern().IsMatch(candidate))
            return false;

        // Snapchat usernames are case-insensitive; one spelling keeps subscriptions and de-duplication consistent.
        username = candidate.ToLowerInvariant();
        return true;
    }

    /// <summary>
    /// Accepts www.snapchat.com/add/u, snapchat.com/@u and story.snapchat.com/@u (or /s/u), with or without scheme,
    /// trailing slash, query or fragment, and the links to one snap, highlight or spotlight of a profile
    /// (/add/u/{snapId}, /@u/highlight/{uuid}, …: docs/snapchat-web.md §1), which give their profile. Anything else
    /// (other hosts, short links, /spotlight/{id} without a user) is refused.
    /// </summary>
    private static string? FromProfileLink(string text) =>
        ProfileLink.Segments(text, ProfileHosts) switch
        {
            ["add", var u, ..] => u,
            ["s", var u] => u,
            [var at, ..] when at.StartsWith('@') => at[1..],
            _ => null,
        };
}
