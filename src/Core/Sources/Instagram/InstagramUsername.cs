using System.Text.RegularExpressions;

namespace StoryBot.Core.Sources.Instagram;

/// <summary>
/// Turns a username, <c>@username</c> or an instagram.com link into an Instagram username, or refuses it.
/// Whatever is refused here never reaches the network.
/// </summary>
public static partial class InstagramUsername
{
    [GeneratedRegex("^[A-Za-z0-9._]{1,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex UsernamePattern();

    private static readonly string[] ProfileHosts = ["instagram.com", "www.instagram.com", "m.instagram.com"];

    /// <summary>Paths on instagram.com that are not profiles.</summary>
    private static readonly HashSet<string> ReservedPaths =
        new(["p", "reel", "reels", "tv", "explore", "accounts", "direct", "about", "legal", "developer", "api", "stories"], StringComparer.OrdinalIgnoreCase);

    private const int MaxInputLength = 200;

    public static bool TryParse(string? input, out string username)
    {
        username = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > MaxInputLength)
            return false;

        var text = input.Trim();
        var candidate = ProfileLink.LooksLikeLink(text, "instagram.com")
            ? FromProfileLink(text)
            : text.StartsWith('@') ? text[1..] : text;
        if (candidate is null || !UsernamePattern().IsMatch(candidate) || candidate.All(c => c == '.'))
            return false;

        username = candidate.ToLowerInvariant();
        return true;
    }

    /// <summary>instagram.com/u, www.instagram.com/u/?igsh=…, instagram.com/stories/u/ (with or without scheme).</summary>
    private static string? FromProfileLink(string text) =>
        ProfileLink.Segments(text, ProfileHosts) switch
        {
            ["stories", var u] => u,
            [var u] when !ReservedPaths.Contains(u) => u,
            _ => null,
        };
}
