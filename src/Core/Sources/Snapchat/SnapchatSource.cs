using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoryBot.Core.Http;

namespace StoryBot.Core.Sources.Snapchat;

/// <summary>Reads a public profile page (one GET) and turns it into story items.</summary>
public sealed class SnapchatSource(
    HttpClient http,
    IOptions<SnapchatOptions> options,
    ILogger<SnapchatSource> logger) : IStorySource
{
    public const string HttpClientName = "snapchat";

    /// <summary>Real pages are ~630 KB (2025); anything far larger is not a profile page.</summary>
    private const int MaxPageBytes = 8 * 1024 * 1024;

    private readonly SnapchatOptions _options = options.Value;

    public Platform Platform => Platform.Snapchat;

    public int MaxConcurrentFetches => _options.MaxConcurrentFetches;

    public async Task<StoryFetchResult> FetchAsync(string username, StoryKind kind, CancellationToken cancellationToken)
    {
        var account = new StoryAccount(Platform.Snapchat, username);
        var url = new Uri(_options.BaseUrl, $"/add/{Uri.EscapeDataString(username)}/");

        string html;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await RedirectingHttp.GetAsync(http, url, IsSnapchatHost, AddBrowserHeaders, deadline.Token);
            if (response.StatusCode == HttpStatusCode.NotFound)
                return StoryFetchResult.Failed(FetchOutcome.NotFound, account);
            if (!response.IsSuccessStatusCode)
                return Blocked(account, $"HTTP {(int)response.StatusCode}");

            if (await LimitedContent.ReadAsStringAsync(response.Content, MaxPageBytes, deadline.Token) is not { } body)
                return Blocked(account, $"page larger than {MaxPageBytes} bytes");
            html = body;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Blocked(account, $"no whole page within {_options.RequestTimeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is HttpRequestException or HostNotAllowedException or IOException)
        {
            return Blocked(account, ex.Message);
        }

        SnapchatPage page;
        try
        {
            page = SnapchatPageParser.Parse(html);
        }
        catch (SnapchatPageException ex)
        {
            return Blocked(account, $"page changed: {ex.Message}");
        }

        if (page.Profile is null)
            return StoryFetchResult.Failed(FetchOutcome.NotFound, account);

        account = account with { DisplayName = page.Profile.DisplayName };
        if (!page.Profile.IsPublic)
            return StoryFetchResult.Failed(FetchOutcome.NotPublic, account);

        var items = SnapchatItems.From(page, kind);
        // Datacenter IPs have been seen to get fewer snaps than residential ones: log the count of every fetch.
        logger.LogInformation(
            "Snapchat {Username}: {Kind} has {ItemCount} items ({StorySnaps} story snaps, {Highlights} highlights, {Spotlights} spotlights, {PageBytes} bytes)",
            username, kind, items.Count, page.Story?.Count ?? 0, page.Highlights.Count, page.Spotlights.Count, html.Length);

        return items.Count == 0
            ? StoryFetchResult.Failed(FetchOutcome.NoCurrentStory, account)
            : new StoryFetchResult(FetchOutcome.Ok, account, items);
    }

    private StoryFetchResult Blocked(StoryAccount account, string reason)
    {
        logger.LogWarning("Snapchat blocked or changed the page for {Username}: {Reason}", account.Username, reason);
        return StoryFetchResult.Failed(FetchOutcome.BlockedOrChanged, account, reason);
    }

    private void AddBrowserHeaders(HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        request.Headers.TryAddWithoutValidation("Accept-Language", "en-US,en;q=0.9");
    }

    /// <summary>Redirects are followed only to the configured site or to Snapchat's own hosts.</summary>
    private bool IsSnapchatHost(Uri url) =>
        (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp) &&
        (string.Equals(url.Host, _options.BaseUrl.Host, StringComparison.OrdinalIgnoreCase) ||
         HostSuffix.Matches(url.Host, "snapchat.com"));
}
