using Microsoft.Extensions.Options;
using StoryBot.Core.Http;

namespace StoryBot.Core.Media;

public sealed class MediaHostAllowList(IOptions<MediaOptions> options)
{
    private readonly IReadOnlyList<string> _suffixes = options.Value.EffectiveAllowedHosts;

    /// <summary>Only http(s), no credentials in the URL, and a host on the list (or a subdomain of one).</summary>
    public bool IsAllowed(Uri url) =>
        url.IsAbsoluteUri &&
        (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp) &&
        url.UserInfo.Length == 0 &&
        _suffixes.Any(suffix => HostSuffix.Matches(url.Host, suffix));
}
