namespace StoryBot.Core.Http;

/// <summary>
/// Follows redirects by hand so every hop is checked: scraped pages and CDN URLs are untrusted, and an automatic
/// redirect could carry a request to a host we never meant to contact.
/// </summary>
public static class RedirectingHttp
{
    public const int MaxRedirects = 3;

    /// <summary>Sends GETs from <paramref name="url"/>, following up to <see cref="MaxRedirects"/> hops to allowed hosts.</summary>
    /// <exception cref="HostNotAllowedException">The URL or a redirect target is not allowed; it was not requested.</exception>
    public static async Task<HttpResponseMessage> GetAsync(
        HttpClient client,
        Uri url,
        Func<Uri, bool> isAllowed,
        Action<HttpRequestMessage>? configure,
        CancellationToken cancellationToken)
    {
        for (var hop = 0; ; hop++)
        {
            if (!isAllowed(url))
                throw new HostNotAllowedException(url);

            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            configure?.Invoke(request);
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

            if (!IsRedirect(response) || hop == MaxRedirects || response.Headers.Location is null)
                return response;

            var next = response.Headers.Location.IsAbsoluteUri
                ? response.Headers.Location
                : new Uri(url, response.Headers.Location);
            response.Dispose();
            url = next;
        }
    }

    internal static bool IsRedirect(HttpResponseMessage response) =>
        (int)response.StatusCode is 301 or 302 or 303 or 307 or 308;
}
