using System.Collections.Concurrent;

namespace StoryBot.Tests.Fakes.Snapchat;

/// <summary>Short-link codes and where they redirect; codes are case-sensitive, as base62 codes are.</summary>
internal sealed class ShortLinkTable
{
    private readonly ConcurrentDictionary<string, ShortLink> _links = new(StringComparer.Ordinal);

    public void Add(string code, string location, int status)
    {
        if (status is not (301 or 302 or 303 or 307 or 308))
            throw new ArgumentOutOfRangeException(nameof(status), status, "short links answer a redirect");
        _links[code] = new ShortLink(location, status);
    }

    public ShortLink? Find(string code) => _links.TryGetValue(code, out var link) ? link : null;
}
