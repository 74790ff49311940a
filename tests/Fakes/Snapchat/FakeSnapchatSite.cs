using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using StoryBot.Tests.Fakes;

namespace StoryBot.Tests.Fakes.Snapchat;

/// <summary>
/// A local www.snapchat.com: serves <c>/add/{u}/</c>, <c>/add/{u}</c>, <c>/@{u}</c> (and <c>/@{u}/</c>) as the 2025 Next.js
/// profile page, <c>/s/{u}</c> → 301 to <c>/add/{u}</c>, <c>/t/{code}</c> → the short link's redirect,
/// <c>/spotlight/{id}</c> → the spotlight page of any profile's spotlight. Unknown users, codes, spotlights and paths →
/// 404 not-found shell. See docs/snapchat-web.md §10, §11.
/// </summary>
public sealed class FakeSnapchatSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Scenario> _scenarios = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SiteRequest> _requests = [];
    private readonly Lock _requestsLock = new();
    private volatile bool _requireBrowserUa = true;
    private volatile bool _unknownAs200;
    private readonly InFlightGauge _inFlight = new();

    private sealed record Scenario(SnapProfile? Profile, SnapPage? Page);

    private readonly ShortLinkTable _shortLinks = new();

    private FakeSnapchatSite(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>http://127.0.0.1:PORT (no trailing slash).</summary>
    public string BaseUrl { get; }

    /// <summary>403 blocked page for any profile/not-found request whose User-Agent lacks "Mozilla/" (2024 behaviour). Default true.</summary>
    public bool RequireBrowserUserAgent { get => _requireBrowserUa; set => _requireBrowserUa = value; }

    /// <summary>Answer users that were never set with 200 + NOT_FOUND shell instead of 404. Default false.</summary>
    public bool UnknownUsersAs200 { get => _unknownAs200; set => _unknownAs200 = value; }

    /// <summary>Added before every answer (a real page takes a while to come).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Highest number of requests that were being answered at the same time.</summary>
    public int MaxConcurrentRequestsObserved => _inFlight.Peak;

    /// <summary>Every request, in arrival order (snapshot).</summary>
    public IReadOnlyList<SiteRequest> Requests
    {
        get { lock (_requestsLock) return _requests.ToArray(); }
    }

    public static async Task<FakeSnapchatSite> StartAsync(CancellationToken ct = default)
    {
        var app = FakeHost.Build();
        FakeSnapchatSite? site = null;
        app.Run(ctx => site!.HandleAsync(ctx));
        var baseUrl = await FakeHost.StartAsync(app, ct).ConfigureAwait(false);
        site = new FakeSnapchatSite(app, baseUrl);
        return site;
    }

    /// <summary>Replaces the scenario of <see cref="SnapProfile.Username"/> (clears any <see cref="SetPage"/> override).</summary>
    public void SetProfile(SnapProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _scenarios[profile.Username] = new Scenario(profile, null);
    }

    /// <summary>Raw scenario for a username. A profile set earlier is kept and used to render
    /// <see cref="SnapPage.NoNextData"/> / <see cref="SnapPage.BrokenJson"/>; <see cref="SetProfile"/> clears the override.</summary>
    public void SetPage(string username, SnapPage page)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        _scenarios.AddOrUpdate(username, _ => new Scenario(null, page), (_, old) => old with { Page = page });
    }

    /// <summary>
    /// Makes <c>/t/{code}</c> answer <paramref name="status"/> with <c>Location: {location}</c>, as the Share button's
    /// links do (a <c>www.snapchat.com</c> URL in real life).
    /// </summary>
    public void AddShortLink(string code, string location, int status = 303) => _shortLinks.Add(code, location, status);

    /// <summary>Forgets a username (it becomes unknown → not found).</summary>
    public void Remove(string username) => _scenarios.TryRemove(username, out _);

    public void ClearRequests()
    {
        lock (_requestsLock) _requests.Clear();
    }

    public ValueTask DisposeAsync() => FakeHost.StopAsync(_app);

    // ------------------------------------------------------------------ request handling

    private async Task HandleAsync(HttpContext ctx)
    {
        using var _ = _inFlight.Enter();
        if (Latency > TimeSpan.Zero)
            await Task.Delay(Latency, ctx.RequestAborted).ConfigureAwait(false);
        await AnswerAsync(ctx).ConfigureAwait(false);
    }

    private async Task AnswerAsync(HttpContext ctx)
    {
        var req = ctx.Request;
        var rawTarget = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (req.Path + req.QueryString).ToString();
        var path = req.Path.Value ?? "/";
        var ua = req.Headers.UserAgent.ToString();
        var (status, contentType, body, location) = Decide(ctx, path, ua);

        lock (_requestsLock)
        {
            _requests.Add(new SiteRequest(rawTarget, req.Headers.UserAgent.Count == 0 ? null : ua, DateTimeOffset.UtcNow)
            {
                AcceptLanguage = req.Headers.AcceptLanguage.Count == 0 ? null : req.Headers.AcceptLanguage.ToString(),
                Accept = req.Headers.Accept.Count == 0 ? null : req.Headers.Accept.ToString(),
                Method = req.Method,
                StatusCode = status,
            });
        }

        var res = ctx.Response;
        res.StatusCode = status;
        if (location != null) res.Headers.Location = location;
        res.Headers.CacheControl = status == 200 ? "private, no-cache, no-store, max-age=0, must-revalidate" : "no-store";
        res.Headers["X-Powered-By"] = "Next.js";
        res.Headers["Vary"] = "Accept-Encoding";
        if (body == null) return;
        var bytes = Encoding.UTF8.GetBytes(body);
        res.ContentType = contentType;
        res.ContentLength = bytes.Length;
        if (HttpMethods.IsHead(req.Method)) return;
        if (Stalls(path))
        {
            await res.Body.WriteAsync(bytes.AsMemory(0, 1024), ctx.RequestAborted).ConfigureAwait(false);
            await res.Body.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, ctx.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            return;
        }

        await res.Body.WriteAsync(bytes, ctx.RequestAborted).ConfigureAwait(false);
    }

    private bool Stalls(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries) is ["add", var user] &&
        _scenarios.TryGetValue(user, out var scenario) && scenario.Page == SnapPage.StallAfterFirstKilobyte;

    private (int Status, string ContentType, string? Body, string? Location) Decide(HttpContext ctx, string path, string ua)
    {
        const string html = "text/html; charset=utf-8";
        if (!HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method))
            return (405, "text/plain; charset=utf-8", "Method Not Allowed", null);

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);

        // story.snapchat.com/s/{u} → 301 www.snapchat.com/add/{u} (CloudFront; also for unknown users)
        if (segments.Length == 2 && segments[0] == "s")
            return (301, html, null, $"{BaseUrl}/add/{Uri.EscapeDataString(segments[1])}");

        if (RequireBrowserUserAgent && !ua.Contains("Mozilla/", StringComparison.Ordinal))
            return (403, html, SnapPageRenderer.Blocked403Html, null);

        var query = ctx.Request.Query.Select(q => new KeyValuePair<string, string>(q.Key, q.Value.ToString())).ToList();

        if (segments is ["t", var code])
        {
            return _shortLinks.Find(code) is { } shortLink
                ? (shortLink.Status, html, null, shortLink.Location)
                : (404, html, SnapPageRenderer.RenderNotFound("", query), null);
        }

        if (segments is ["spotlight", var spotlightId])
        {
            // Served for any spotlight of any profile, also those past the ~20 its profile page shows.
            var owner = _scenarios.Values.Select(s => s.Profile)
                .FirstOrDefault(p => p is { IsPublic: true } && p.Spotlights.Any(spot => spot.SnapId == spotlightId));
            if (owner is null)
                return (404, html, SnapPageRenderer.RenderNotFound("", query), null);
            var spotlight = owner.Spotlights.First(spot => spot.SnapId == spotlightId);
            var upNext = owner.Spotlights.Where(spot => spot != spotlight).Take(2).ToList();
            return (200, html, SnapPageRenderer.RenderSpotlight(owner, spotlight, upNext), null);
        }

        string? username = null;
        if (segments.Length == 2 && segments[0] == "add" && segments[1].Length > 0)
            username = segments[1];
        else if (segments.Length == 1 && segments[0].Length > 1 && segments[0][0] == '@')
            username = segments[0][1..];

        if (username == null || !_scenarios.TryGetValue(username, out var scenario))
        {
            var shownName = username ?? "";
            return (UnknownUsersAs200 && username != null ? 200 : 404, html, SnapPageRenderer.RenderNotFound(shownName, query), null);
        }

        var profile = scenario.Profile ?? new SnapProfile(username);
        var page = scenario.Page ?? (profile.NotFoundAs200 ? SnapPage.NotFound200 : null);
        return page switch
        {
            null => (200, html, SnapPageRenderer.RenderProfile(profile, query, withNextData: true, truncateJson: false), null),
            SnapPage.NotFound404 => (404, html, SnapPageRenderer.RenderNotFound(username, query), null),
            SnapPage.NotFound200 => (200, html, SnapPageRenderer.RenderNotFound(username, query), null),
            SnapPage.Blocked403 => (403, html, SnapPageRenderer.Blocked403Html, null),
            SnapPage.NoNextData => (200, html, SnapPageRenderer.RenderProfile(profile, query, withNextData: false, truncateJson: false), null),
            SnapPage.BrokenJson => (200, html, SnapPageRenderer.RenderProfile(profile, query, withNextData: true, truncateJson: true), null),
            SnapPage.ServerError500 => (500, html, SnapPageRenderer.RenderServerError(), null),
            SnapPage.StallAfterFirstKilobyte => (200, html, SnapPageRenderer.RenderProfile(profile, query, withNextData: true, truncateJson: false), null),
            _ => throw new InvalidOperationException($"Unknown page {page}"),
        };
    }
}
