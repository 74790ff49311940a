namespace StoryBot.Core.Sources;

/// <summary>Reads a pasted profile link: scheme optional, only the given hosts, default port, no credentials.</summary>
internal static class ProfileLink
{
    /// <summary>
    /// Looks like a link rather than a bare username. Not "starts with http": "httpster" is a valid username on
    /// both sites, and every real link has a '/' or the site's name anyway.
    /// </summary>
    public static bool LooksLikeLink(string text, string site) =>
        text.Contains('/') || text.Contains(site, StringComparison.OrdinalIgnoreCase);

    /// <returns>The path's segments (already normalised: "/a/../b" is "/b"), or null when it is not such a link.</returns>
    public static string[]? Segments(string text, IReadOnlyCollection<string> hosts)
    {
        if (!text.Contains("://", StringComparison.Ordinal))
            text = "https://" + text;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) ||
            !hosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase) ||
            !uri.IsDefaultPort || uri.UserInfo.Length > 0)
            return null;
        return uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
    }
}
