using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoryBot.Core.Http;

namespace StoryBot.Core.Sources.Snapchat;

/// <summary>
/// Resolves the Share button's short links (docs/snapchat-web.md §11): exactly one request, whose redirect is read but
/// never followed. Only a redirect to a Snapchat host counts, and only its path is used, so what the bot reads next
/// always comes from <see cref="SnapchatOptions.BaseUrl"/>, as for a pasted link.
/// </summary>
public sealed class SnapchatShortLinks(
    HttpClient http,
    IOptions<SnapchatOptions> options,
    ILogger<SnapchatShortLinks> logger)
{
    private readonly SnapchatOptions _options = options.Value;

    /// <param name="link">A <see cref="SnapchatLinkKind.ShortLink"/> or <see cref="SnapchatLinkKind.SiteShortLink"/>; any other link is returned as it is.</param>
    /// <returns>The profile or spotlight the short link leads to, or null when it leads nowhere the bot can go.</returns>
    public async Task<SnapchatLink?> ResolveAsync(SnapchatLink link, CancellationToken cancellationToken)
    {
        var url = link.Kind switch
        {
            SnapchatLinkKind.ShortLink => new Uri(_options.ShortLinkBaseUrl, $"/{link.Value}"),
            SnapchatLinkKind.SiteShortLink => new Uri(_options.BaseUrl, $"/t/{link.Value}"),
            _ => null,
        };
        if (url is null)
            return link;

        Uri? target;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.RequestTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            SnapchatSource.AddBrowserHeaders(request, _options);
            // The client does not follow redirects (AllowAutoRedirect is off): the Location is only read.
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            target = RedirectingHttp.IsRedirect(response) && response.Headers.Location is { } location
                ? new Uri(url, location)
                : null;
            if (target is null)
            {
                logger.LogInformation("Snapchat short link {Code} answered {Status} without a redirect", link.Value, (int)response.StatusCode);
                return null;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Snapchat short link {Code}: no answer within {Seconds:0} s", link.Value, _options.RequestTimeout.TotalSeconds);
            return null;
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("Snapchat short link {Code} could not be resolved: {Reason}", link.Value, ex.Message);
            return null;
        }

        if (!IsSnapchatHost(target, url))
        {
            logger.LogWarning("Snapchat short link {Code} redirects to {Host}, not to Snapchat: refused", link.Value, target.Host);
            return null;
        }

        // Only the path: the host is never contacted, and a short link leading to another short link is not chased.
        if (!SnapchatLink.TryParse($"www.snapchat.com{target.AbsolutePath}", out var resolved) ||
            resolved.Kind is SnapchatLinkKind.ShortLink or SnapchatLinkKind.SiteShortLink)
        {
            logger.LogInformation("Snapchat short link {Code} leads to {Path}, which is neither a profile nor a spotlight", link.Value, target.AbsolutePath);
            return null;
        }

        logger.LogInformation("Snapchat short link {Code} leads to {Kind} {Value}", link.Value, resolved.Kind, resolved.Value);
        return resolved;
    }

    /// <summary>Snapchat's own hosts, or the host just asked (a configured stand-in for one of them).</summary>
    private static bool IsSnapchatHost(Uri target, Uri asked) =>
        (target.Scheme == Uri.UriSchemeHttps || target.Scheme == Uri.UriSchemeHttp) &&
        (HostSuffix.Matches(target.Host, "snapchat.com") ||
         string.Equals(target.Host, asked.Host, StringComparison.OrdinalIgnoreCase));
}
