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
        var (html, failure) = await ReadPageAsync(new Uri(_options.BaseUrl, $"/add/{Uri.EscapeDataString(username)}/"), account, cancellationToken);
        if (failure is not null)
            return failure;

        SnapchatPage page;
        try
        {
            page = SnapchatPageParser.Parse(html!);
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
            username, kind, items.Count, page.Story?.Count ?? 0, page.Highlights.Count, page.Spotlights.Count, html!.Length);

        return items.Count == 0
            ? StoryFetchResult.Failed(FetchOutcome.NoCurrentStory, account)
            : new StoryFetchResult(FetchOutcome.Ok, account, items) { MoreNotShown = SnapchatItems.PageFull(page, kind) };
    }

    /// <summary>
    /// One spotlight from its own page, <c>/spotlight/{id}</c> (docs/snapchat-web.md §11). The account is the creator
    /// the page names; it stays empty when the page could not be read or does not hold that spotlight.
    /// </summary>
    /// <param name="spotlightId">Already validated (<see cref="SnapchatLink"/>).</param>
    public async Task<StoryFetchResult> FetchSpotlightAsync(string spotlightId, CancellationToken cancellationToken)
    {
        var unknown = new StoryAccount(Platform.Snapchat, "");
        var (html, failure) = await ReadPageAsync(new Uri(_options.BaseUrl, $"/spotlight/{Uri.EscapeDataString(spotlightId)}"), unknown, cancellationToken);
        if (failure is not null)
            return failure;

        SnapchatSpotlight? spotlight;
        try
        {
            spotlight = SnapchatPageParser.ParseSpotlight(html!, spotlightId);
        }
        catch (SnapchatPageException ex)
        {
            return Blocked(unknown, $"spotlight page changed: {ex.Message}");
        }

        if (spotlight is null)
            return StoryFetchResult.Failed(FetchOutcome.NotFound, unknown, "the page does not hold that spotlight");
        // Without its creator the caption could not say whose it is, and the id would not be tied to an account.
        if (spotlight.Creator is not { } creator || !SnapchatUsername.TryParse(creator, out var username))
            return Blocked(unknown, "spotlight page changed: no creator username");

        var account = new StoryAccount(Platform.Snapchat, username);
        var items = SnapchatItems.From(spotlight);
        logger.LogInformation("Snapchat spotlight {SpotlightId} by {Username}: {ItemCount} items ({PageBytes} bytes)",
            spotlightId, username, items.Count, html!.Length);
        return new StoryFetchResult(FetchOutcome.Ok, account, items);
    }

    /// <returns>The page's text, or the failed result to return instead.</returns>
    private async Task<(string? Html, StoryFetchResult? Failure)> ReadPageAsync(Uri url, StoryAccount account, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await RedirectingHttp.GetAsync(http, url, IsSnapchatHost, AddBrowserHeaders, deadline.Token);
            if (response.StatusCode == HttpStatusCode.NotFound)
                return (null, StoryFetchResult.Failed(FetchOutcome.NotFound, account));
            if (!response.IsSuccessStatusCode)
                return (null, Blocked(account, $"HTTP {(int)response.StatusCode}"));

            return await LimitedContent.ReadAsStringAsync(response.Content, MaxPageBytes, deadline.Token) is { } body
                ? (body, null)
                : (null, Blocked(account, $"page larger than {MaxPageBytes} bytes"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, Blocked(account, $"no whole page within {_options.RequestTimeout.TotalSeconds:0} s"));
        }
        catch (Exception ex) when (ex is HttpRequestException or HostNotAllowedException or IOException)
        {
            return (null, Blocked(account, ex.Message));
        }
    }

    private StoryFetchResult Blocked(StoryAccount account, string reason)
    {
        logger.LogWarning("Snapchat blocked or changed the page for {Username}: {Reason}", account.Username, reason);
        return StoryFetchResult.Failed(FetchOutcome.BlockedOrChanged, account, reason);
    }

    /// <summary>The headers of a desktop browser: Snapchat answers 403 to library user agents.</summary>
    internal static void AddBrowserHeaders(HttpRequestMessage request, SnapchatOptions options)
    {
        request.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        request.Headers.TryAddWithoutValidation("Accept-Language", "en-US,en;q=0.9");
    }

    private void AddBrowserHeaders(HttpRequestMessage request) => AddBrowserHeaders(request, _options);

    /// <summary>Redirects are followed only to the configured site or to Snapchat's own hosts.</summary>
    private bool IsSnapchatHost(Uri url) =>
        (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp) &&
        (string.Equals(url.Host, _options.BaseUrl.Host, StringComparison.OrdinalIgnoreCase) ||
         HostSuffix.Matches(url.Host, "snapchat.com"));
}
