using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace StoryBot.Tests.Fakes.Snapchat;

/// <summary>
/// A local <c>t.snapchat.com</c>: <c>GET /{code}</c> answers the code's redirect (303 by default, as cobalt saw) and
/// nothing else; unknown codes and other paths are 404. Like the site, it answers 403 to agents without
/// <c>Mozilla/</c>. See docs/snapchat-web.md §11.
/// </summary>
public sealed class FakeSnapchatShortLinks : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ShortLinkTable _links = new();
    private readonly List<SiteRequest> _requests = [];
    private readonly Lock _requestsLock = new();

    private FakeSnapchatShortLinks(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>http://127.0.0.1:PORT (no trailing slash).</summary>
    public string BaseUrl { get; }

    /// <summary>Every request, in arrival order (snapshot).</summary>
    public IReadOnlyList<SiteRequest> Requests
    {
        get { lock (_requestsLock) return _requests.ToArray(); }
    }

    public static async Task<FakeSnapchatShortLinks> StartAsync(CancellationToken ct = default)
    {
        var app = FakeHost.Build();
        FakeSnapchatShortLinks? host = null;
        app.Run(ctx => host!.AnswerAsync(ctx));
        var baseUrl = await FakeHost.StartAsync(app, ct).ConfigureAwait(false);
        host = new FakeSnapchatShortLinks(app, baseUrl);
        return host;
    }

    /// <summary>Makes <c>/{code}</c> answer <paramref name="status"/> with <c>Location: {location}</c>.</summary>
    public void Add(string code, string location, int status = 303) => _links.Add(code, location, status);

    public ValueTask DisposeAsync() => FakeHost.StopAsync(_app);

    private async Task AnswerAsync(HttpContext ctx)
    {
        var req = ctx.Request;
        var ua = req.Headers.UserAgent.ToString();
        var segments = (req.Path.Value ?? "/").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var (status, location) =
            !HttpMethods.IsGet(req.Method) && !HttpMethods.IsHead(req.Method) ? (405, null)
            : !ua.Contains("Mozilla/", StringComparison.Ordinal) ? (403, null)
            : segments is [var code] && _links.Find(code) is { } link ? (link.Status, link.Location)
            : (404, (string?)null);

        lock (_requestsLock)
        {
            _requests.Add(new SiteRequest(ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? req.Path.Value ?? "/",
                req.Headers.UserAgent.Count == 0 ? null : ua, DateTimeOffset.UtcNow)
            {
                Method = req.Method,
                StatusCode = status,
            });
        }

        ctx.Response.StatusCode = status;
        if (location is not null)
            ctx.Response.Headers.Location = location;
        var body = Encoding.UTF8.GetBytes(status switch
        {
            403 => SnapPageRenderer.Blocked403Html,
            404 => "<!doctype html><title>404</title>Not Found",
            _ => "",
        });
        ctx.Response.ContentType = "text/html; charset=utf-8";
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted).ConfigureAwait(false);
    }
}
