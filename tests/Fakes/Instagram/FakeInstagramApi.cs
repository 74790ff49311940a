using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace StoryBot.Tests.Fakes.Instagram;

/// <summary>
/// A local www.instagram.com web API (see docs/instagram-web.md §9): <c>GET /api/v1/users/web_profile_info/</c>,
/// <c>GET /api/v1/feed/reels_media/</c>, <c>GET /api/v1/highlights/{userId}/highlights_tray/</c>,
/// <c>GET /web/search/topsearch/?query=</c> and the profile page <c>GET /{username}/</c> (docs/instagram-web.md §10.1),
/// plus HTML pages at <c>/</c>, <c>/accounts/login/</c>, <c>/auth_platform/</c> and <c>/challenge/…</c> (what an
/// auto-followed redirect lands on). As strict as the 2026 site: <c>web_profile_info</c> answers 429 unless
/// <see cref="ProfileInfoRateLimited"/> is turned off, and a session that is not logged in gets a <c>reels_media</c>
/// answer without the <c>reels</c> key.
/// </summary>
/// <remarks>
/// Order of checks on every <c>/api/v1</c> call: method (GET/HEAD, else 405) → route (unknown → 404 HTML) →
/// <c>X-IG-App-ID</c> (400 useragent mismatch) → CSRF pair when a <c>sessionid</c> cookie is sent (403) → scripted
/// scenario → the route's own answer. Scenarios queue in the order scripted: those for a username (matched against the
/// request's username, user ids and highlight ids) are tried before those for every request; each answered request uses
/// up one of <c>times</c>. Story items are never filtered by the clock (expiring_at is emitted, not enforced).
/// Logs nothing; thread-safe.
/// </remarks>
public sealed partial class FakeInstagramApi : IAsyncDisposable
{
    public const string WebAppId = "936619743392459";

    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, IgUser> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ScenarioEntry> _scenarios = [];
    private readonly List<IgRequest> _requests = [];
    private readonly string _wwwClaim = "hmac.AR" + IgJson.Token("claim:" + Guid.NewGuid(), 46);
    private volatile string _validSessionId = NewSessionId();
    private volatile bool _pkAsNumber;
    private volatile bool _requireCsrf = true;
    private int _reelsShape = (int)ReelsShape.Both;
    private int _expiredForm = (int)ExpiredSessionForm.NoReelsKey;
    private volatile bool _profileInfoRateLimited = true;

    private sealed class ScenarioEntry(IgScenario scenario, string? username, int remaining, IgRoute? route)
    {
        public IgScenario Scenario { get; } = scenario;
        public string? Username { get; } = username;
        public IgRoute? Route { get; } = route;
        public int Remaining { get; set; } = remaining;
    }

    private enum Session { Anonymous, Valid, Invalid }

    private sealed record Answer(int Status, string? ContentType, byte[]? Body, string? Location = null, bool Claim = false);

    private FakeInstagramApi(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>http://127.0.0.1:PORT (no trailing slash); routes are at the root (<c>/api/v1/…</c>).</summary>
    public string BaseUrl { get; }

    /// <summary>The only <c>sessionid</c> cookie value (compared raw, as sent) that counts as logged in. Default: a random
    /// value in the browser cookie's form, <c>{userId}%3A{14 chars}%3A{2 digits}%3AAY…</c>.</summary>
    public string ValidSessionId
    {
        get => _validSessionId;
        set
        {
            ArgumentException.ThrowIfNullOrEmpty(value);
            _validSessionId = value;
        }
    }

    public ReelsShape ReelsShape
    {
        get => (ReelsShape)Volatile.Read(ref _reelsShape);
        set => Volatile.Write(ref _reelsShape, (int)value);
    }

    /// <summary>Items' <c>pk</c> (and the reels' <c>media_ids</c>) as bare 19-digit JSON numbers instead of strings.</summary>
    public bool PkAsNumber { get => _pkAsNumber; set => _pkAsNumber = value; }

    /// <summary>With a <c>sessionid</c> cookie, <c>X-CSRFToken</c> must equal the <c>csrftoken</c> cookie (both present), else
    /// 403 <c>{"message":"CSRF token missing or incorrect","status":"fail"}</c>. Default true.</summary>
    public bool RequireCsrfMatch { get => _requireCsrf; set => _requireCsrf = value; }

    /// <summary>What a wrong/expired <c>sessionid</c> gets from <c>reels_media</c>. The tray answers a 302 to login
    /// (403 login_required for <see cref="ExpiredSessionForm.LoginRequired"/>); web_profile_info treats it as anonymous.</summary>
    public ExpiredSessionForm ExpiredSession
    {
        get => (ExpiredSessionForm)Volatile.Read(ref _expiredForm);
        set => Volatile.Write(ref _expiredForm, (int)value);
    }

    /// <summary>
    /// <c>web_profile_info</c> answers 429 to every lookup, as it does for most callers since February 2026
    /// (docs/instagram-web.md §10.1). Default true; turn it off to see its own answers (404, <c>user: null</c>).
    /// </summary>
    public bool ProfileInfoRateLimited { get => _profileInfoRateLimited; set => _profileInfoRateLimited = value; }

    /// <summary>Every request, in arrival order (snapshot).</summary>
    public IReadOnlyList<IgRequest> Requests
    {
        get { lock (_lock) return _requests.ToArray(); }
    }

    /// <summary>The value sent in the <c>x-ig-set-www-claim</c> response header on successful API answers.</summary>
    public string WwwClaim => _wwwClaim;

    public static async Task<FakeInstagramApi> StartAsync(CancellationToken ct = default)
    {
        var app = FakeHost.Build();
        FakeInstagramApi? api = null;
        app.Run(ctx => api!.HandleAsync(ctx));
        var baseUrl = await FakeHost.StartAsync(app, ct).ConfigureAwait(false);
        api = new FakeInstagramApi(app, baseUrl);
        return api;
    }

    /// <summary>Adds or replaces the account (username case-insensitive).</summary>
    public void SetUser(IgUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrEmpty(user.Username);
        if (!UsernamePattern().IsMatch(user.Username)) throw new ArgumentException($"Not an Instagram username: {user.Username}", nameof(user));
        if (user.Id.Length == 0 || !user.Id.All(char.IsAsciiDigit)) throw new ArgumentException("IgUser.Id must be digits.", nameof(user));
        foreach (var item in user.Story.Concat(user.Highlights.SelectMany(h => h.Items))) CheckItem(item);
        foreach (var h in user.Highlights)
        {
            if (h.Id.Length == 0 || !h.Id.All(char.IsAsciiDigit)) throw new ArgumentException("IgHighlight.Id must be digits (without \"highlight:\").", nameof(user));
        }
        lock (_lock) _users[user.Username] = user;
    }

    /// <summary>Forgets an account (it becomes unknown → 404).</summary>
    public void RemoveUser(string username)
    {
        lock (_lock) _users.Remove(username);
    }

    /// <summary>Answers <paramref name="scenario"/> instead of the normal response, <paramref name="times"/> times, to requests
    /// concerning <paramref name="username"/> (null = every API request), on <paramref name="route"/> only when given.</summary>
    public void SetScenario(IgScenario scenario, string? username = null, int times = int.MaxValue, IgRoute? route = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        if (!Enum.IsDefined(scenario)) throw new ArgumentOutOfRangeException(nameof(scenario));
        lock (_lock) _scenarios.Add(new ScenarioEntry(scenario, username, times, route));
    }

    public void ClearScenarios()
    {
        lock (_lock) _scenarios.Clear();
    }

    public void ClearRequests()
    {
        lock (_lock) _requests.Clear();
    }

    /// <summary>Requests whose path starts with <paramref name="pathPrefix"/> (ordinal), e.g. <c>"/api/v1/feed/reels_media/"</c>.</summary>
    public int RequestCount(string pathPrefix)
    {
        ArgumentNullException.ThrowIfNull(pathPrefix);
        lock (_lock) return _requests.Count(r => r.Path.StartsWith(pathPrefix, StringComparison.Ordinal));
    }

    public ValueTask DisposeAsync() => FakeHost.StopAsync(_app);

    private volatile string? _cutQuery;

    /// <summary>
    /// Requests whose query contains <paramref name="queryContains"/> (e.g. <c>"username=river.lane"</c>) get their
    /// headers and half their body, then the connection is reset. Null stops it.
    /// </summary>
    public void CutBodies(string? queryContains) => _cutQuery = queryContains;

    // ------------------------------------------------------------------ request handling

    private async Task HandleAsync(HttpContext ctx)
    {
        var req = ctx.Request;
        var path = req.Path.Value ?? "/";
        var query = req.QueryString.HasValue ? req.QueryString.Value![1..] : "";
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in req.Headers) headers[h.Key] = h.Value.ToString();
        var cookies = ParseCookies(req.Headers.Cookie.ToString());

        var answer = Decide(ctx, path, query, cookies);

        lock (_lock)
        {
            _requests.Add(new IgRequest(path, query, headers, cookies, answer.Status, DateTimeOffset.UtcNow) { Method = req.Method });
        }

        var res = ctx.Response;
        res.StatusCode = answer.Status;
        var isApi = path.StartsWith("/api/", StringComparison.Ordinal) || path == TopSearchPath;
        if (isApi)
        {
            res.Headers.CacheControl = "private, no-cache, no-store, must-revalidate";
            res.Headers.Pragma = "no-cache";
            res.Headers.Expires = "Sat, 01 Jan 2000 00:00:00 GMT";
            res.Headers["X-Frame-Options"] = "DENY";
            res.Headers["Vary"] = "Accept-Encoding";
            res.Headers["x-ig-origin-region"] = "ams";
            res.Headers["x-fb-trip-id"] = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (answer.Claim) res.Headers["x-ig-set-www-claim"] = _wwwClaim;
        if (answer.Location != null) res.Headers.Location = answer.Location;
        if (answer.ContentType != null) res.ContentType = answer.ContentType;
        var body = answer.Body ?? [];
        res.ContentLength = body.Length;
        if (body.Length == 0 || HttpMethods.IsHead(req.Method)) return;
        if (_cutQuery is { } cut && query.Contains(cut, StringComparison.Ordinal))
        {
            await res.Body.WriteAsync(body.AsMemory(0, body.Length / 2), ctx.RequestAborted).ConfigureAwait(false);
            await res.Body.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
            ctx.Abort();
            return;
        }

        try
        {
            await res.Body.WriteAsync(body, ctx.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when ((e is OperationCanceledException or IOException) && ctx.RequestAborted.IsCancellationRequested)
        {
            // client went away
        }
    }

    private const string TopSearchPath = "/web/search/topsearch/";

    private Answer Decide(HttpContext ctx, string path, string query, IReadOnlyDictionary<string, string> cookies)
    {
        var req = ctx.Request;
        var isGet = HttpMethods.IsGet(req.Method) || HttpMethods.IsHead(req.Method);

        string? pageUsername = null;
        if (!path.StartsWith("/api/", StringComparison.Ordinal) && path != TopSearchPath)
        {
            if (!isGet) return new Answer(405, IgPages.Html, IgPages.NotFoundHtml);
            if (path == "/") return new Answer(200, IgPages.Html, IgPages.HomeHtml);
            if (path == "/accounts/login/") return new Answer(200, IgPages.Html, IgPages.LoginHtml);
            if (path.StartsWith("/challenge/", StringComparison.Ordinal)) return new Answer(200, IgPages.Html, IgPages.ChallengeHtml);
            if (path.StartsWith("/auth_platform/", StringComparison.Ordinal)) return new Answer(200, IgPages.Html, IgPages.ChallengeHtml);
            if (ProfilePagePath().Match(path) is not { Success: true } page) return new Answer(404, IgPages.Html, IgPages.NotFoundHtml);
            pageUsername = page.Groups[1].Value;
        }

        if (!isGet) return new Answer(405, IgPages.Json, IgPages.MethodNotAllowed);

        string? trayUserId = null;
        var route = path switch
        {
            _ when pageUsername != null => IgRoute.ProfilePage,
            "/api/v1/users/web_profile_info/" => IgRoute.ProfileInfo,
            "/api/v1/feed/reels_media/" => IgRoute.ReelsMedia,
            TopSearchPath => IgRoute.TopSearch,
            _ when TrayPath().Match(path) is { Success: true } m => TrayRoute(m.Groups[1].Value, out trayUserId),
            _ => (IgRoute?)null,
        };
        if (route is not { } known) return new Answer(404, IgPages.Html, IgPages.NotFoundHtml);
        return DecideRoute(req, known, cookies, trayUserId, pageUsername);
    }

    private Answer DecideRoute(HttpRequest req, IgRoute route, IReadOnlyDictionary<string, string> cookies, string? trayUserId, string? pageUsername)
    {

        // hard gate (docs/instagram-web.md §1)
        if (req.Headers["X-IG-App-ID"].ToString() != WebAppId) return new Answer(400, IgPages.Json, IgPages.UseragentMismatch);

        cookies.TryGetValue("sessionid", out var sessionCookie);
        var session = string.IsNullOrEmpty(sessionCookie) ? Session.Anonymous
            : sessionCookie == _validSessionId ? Session.Valid : Session.Invalid;

        if (session != Session.Anonymous && RequireCsrfMatch)
        {
            cookies.TryGetValue("csrftoken", out var csrfCookie);
            var csrfHeader = req.Headers["X-CSRFToken"].ToString();
            if (string.IsNullOrEmpty(csrfCookie) || csrfHeader != csrfCookie) return new Answer(403, IgPages.Json, IgPages.CsrfMismatch);
        }

        var reelIds = route == IgRoute.ReelsMedia
            ? req.Query["reel_ids"].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).Distinct(StringComparer.Ordinal).ToList()
            : [];
        var username = route switch
        {
            IgRoute.ProfileInfo => req.Query["username"].ToString(),
            IgRoute.TopSearch => req.Query["query"].ToString(),
            IgRoute.ProfilePage => pageUsername,
            _ => null,
        };

        IgUser[] users;
        lock (_lock) users = _users.Values.ToArray();

        var scenario = TakeScenario(route, Concerned(route, username, reelIds, trayUserId, users));
        if (scenario != null) return ScenarioAnswer(scenario.Value, req);
        // The 2026 default: most lookups get a 429, however rarely they are made (docs/instagram-web.md §10.1).
        if (route == IgRoute.ProfileInfo && ProfileInfoRateLimited) return new Answer(429, IgPages.Json, IgPages.RateLimited429);

        return route switch
        {
            IgRoute.ProfileInfo => ProfileInfo(username, session, users),
            IgRoute.TopSearch => TopSearch(username, users),
            IgRoute.ProfilePage => ProfilePage(username!, users),
            IgRoute.ReelsMedia => ReelsMedia(reelIds, session, users, req),
            IgRoute.HighlightsTray => HighlightsTray(trayUserId!, session, users, req),
            _ => throw new InvalidOperationException(),
        };
    }

    private static IgRoute TrayRoute(string userId, out string? trayUserId)
    {
        trayUserId = userId;
        return IgRoute.HighlightsTray;
    }

    /// <summary>
    /// Near matches first, as the real ranking often puts them: names that contain the query, plus made-up
    /// look-alikes; the exact account somewhere after them, unless it is hidden from search (shadow-banned).
    /// </summary>
    private static Answer TopSearch(string? query, IgUser[] users)
    {
        if (string.IsNullOrEmpty(query)) return new Answer(200, IgPages.Json, IgJson.TopSearch([]));
        var near = users.Where(u => !u.HiddenFromSearch && !u.Unavailable &&
                                    !string.Equals(u.Username, query, StringComparison.OrdinalIgnoreCase) &&
                                    u.Username.Contains(query, StringComparison.OrdinalIgnoreCase)).ToList();
        var lookAlikes = new[] { query + "_official", query + ".fan", "the." + query }
            .Where(name => name.Length <= 30 && users.All(u => !string.Equals(u.Username, name, StringComparison.OrdinalIgnoreCase)))
            .Select(name => new IgUser(name));
        var exact = users.Where(u => !u.HiddenFromSearch && !u.Unavailable && string.Equals(u.Username, query, StringComparison.OrdinalIgnoreCase));
        return new Answer(200, IgPages.Json, IgJson.TopSearch([.. near, .. lookAlikes, .. exact]), Claim: true);
    }

    /// <summary>The profile page: its inline JSON carries <c>"profile_id":"…"</c>; an unknown name gets the 404 page.</summary>
    private static Answer ProfilePage(string username, IgUser[] users)
    {
        var user = users.FirstOrDefault(u => string.Equals(u.Username, username, StringComparison.OrdinalIgnoreCase));
        return user == null
            ? new Answer(404, IgPages.Html, IgPages.NotFoundHtml)
            : new Answer(200, IgPages.Html, IgPages.ProfilePage(user));
    }

    private static Answer ProfileInfo(string? username, Session session, IgUser[] users)
    {
        if (string.IsNullOrEmpty(username)) return new Answer(400, IgPages.Json, IgPages.MissingUsername);
        if (!UsernamePattern().IsMatch(username)) return new Answer(404, null, null);
        var user = users.FirstOrDefault(u => string.Equals(u.Username, username, StringComparison.OrdinalIgnoreCase));
        if (user == null) return new Answer(404, null, null);
        if (user.Unavailable) return new Answer(200, IgPages.Json, IgJson.ProfileInfo(null, false, 0), Claim: true);
        var follows = session == Session.Valid && user.ViewerFollows;
        return new Answer(200, IgPages.Json, IgJson.ProfileInfo(user, follows, user.Highlights.Count), Claim: true);
    }

    private Answer ReelsMedia(List<string> reelIds, Session session, IgUser[] users, HttpRequest req)
    {
        if (session == Session.Anonymous) return new Answer(200, IgPages.Json, IgPages.NoReelsKey);
        if (session == Session.Invalid)
        {
            return ExpiredSession switch
            {
                ExpiredSessionForm.LoginRedirect => LoginRedirect(req),
                ExpiredSessionForm.LoginRequired => new Answer(403, IgPages.Json, IgPages.LoginRequired),
                ExpiredSessionForm.HomeRedirect => new Answer(302, IgPages.Html, null, BaseUrl + "/"),
                ExpiredSessionForm.EmptyReels => new Answer(200, IgPages.Json, IgPages.EmptyReels),
                _ => new Answer(200, IgPages.Json, IgPages.NoReelsKey),
            };
        }
        if (reelIds.Count == 0) return new Answer(400, IgPages.Json, IgPages.MissingReelIds);

        var reels = new List<IgJson.Reel>();
        foreach (var id in reelIds)
        {
            if (id.StartsWith("highlight:", StringComparison.Ordinal))
            {
                var hid = id["highlight:".Length..];
                foreach (var u in users)
                {
                    var h = u.Highlights.FirstOrDefault(x => x.Id == hid);
                    if (h != null && Visible(u) && h.Items.Count > 0) reels.Add(new IgJson.Reel(u, h));
                    if (h != null) break;
                }
            }
            else
            {
                var u = users.FirstOrDefault(x => x.Id == id);
                if (u != null && Visible(u) && u.Story.Count > 0) reels.Add(new IgJson.Reel(u, null));
            }
        }
        return new Answer(200, IgPages.Json, IgJson.ReelsMedia(reels, ReelsShape, PkAsNumber), Claim: true);
    }

    private Answer HighlightsTray(string userId, Session session, IgUser[] users, HttpRequest req)
    {
        if (session == Session.Anonymous) return LoginRedirect(req);
        if (session == Session.Invalid)
        {
            return ExpiredSession == ExpiredSessionForm.LoginRequired
                ? new Answer(403, IgPages.Json, IgPages.LoginRequired)
                : LoginRedirect(req);
        }
        var user = users.FirstOrDefault(u => u.Id == userId);
        var highlights = user != null && Visible(user) ? user.Highlights : [];
        return new Answer(200, IgPages.Json, IgJson.HighlightsTray(user, highlights), Claim: true);
    }

    /// <summary>Unavailable accounts show nothing; private ones only when the (valid) session follows them.</summary>
    private static bool Visible(IgUser u) => !u.Unavailable && (!u.IsPrivate || u.ViewerFollows);

    private static HashSet<string> Concerned(IgRoute route, string? username, List<string> reelIds, string? trayUserId, IgUser[] users)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        switch (route)
        {
            case IgRoute.ProfileInfo or IgRoute.TopSearch or IgRoute.ProfilePage when !string.IsNullOrEmpty(username):
                names.Add(username);
                break;
            case IgRoute.ReelsMedia:
                foreach (var id in reelIds)
                {
                    var hid = id.StartsWith("highlight:", StringComparison.Ordinal) ? id["highlight:".Length..] : null;
                    foreach (var u in users)
                    {
                        if (hid == null ? u.Id == id : u.Highlights.Any(h => h.Id == hid)) names.Add(u.Username);
                    }
                }
                break;
            case IgRoute.HighlightsTray:
                foreach (var u in users.Where(u => u.Id == trayUserId)) names.Add(u.Username);
                break;
        }
        return names;
    }

    private IgScenario? TakeScenario(IgRoute route, HashSet<string> concerned)
    {
        lock (_lock)
        {
            var onRoute = _scenarios.Where(s => s.Route == null || s.Route == route).ToList();
            var entry = onRoute.FirstOrDefault(s => s.Username != null && concerned.Contains(s.Username))
                        ?? onRoute.FirstOrDefault(s => s.Username == null);
            if (entry == null) return null;
            if (--entry.Remaining <= 0) _scenarios.Remove(entry);
            return entry.Scenario;
        }
    }

    private Answer ScenarioAnswer(IgScenario scenario, HttpRequest req)
    {
        var token = "AXG" + IgJson.Token("challenge:" + Guid.NewGuid(), 40);
        return scenario switch
        {
            IgScenario.RateLimited401 => new Answer(401, IgPages.Json, IgPages.RateLimited401),
            IgScenario.RateLimited429Json => new Answer(429, IgPages.Json, IgPages.RateLimited429),
            IgScenario.RateLimited429Html => new Answer(429, IgPages.Html, IgPages.RateLimitedHtml),
            IgScenario.Checkpoint400 => new Answer(400, IgPages.Json, IgPages.Checkpoint(token)),
            IgScenario.Challenge400 => new Answer(400, IgPages.Json, IgPages.Challenge(BaseUrl, token, Next(req))),
            IgScenario.Challenge302 => new Answer(302, IgPages.Html, null, $"{BaseUrl}/challenge/?next={Next(req)}"),
            IgScenario.LoginRedirect302 => LoginRedirect(req),
            IgScenario.LoginRequired403 => new Answer(403, IgPages.Json, IgPages.LoginRequired),
            IgScenario.FeedbackRequired400 => new Answer(400, IgPages.Json, IgPages.FeedbackRequired),
            IgScenario.SentryBlock400 => new Answer(400, IgPages.Json, IgPages.SentryBlock),
            IgScenario.RateLimitError400 => new Answer(400, IgPages.Json, IgPages.RateLimitError),
            IgScenario.LoginRequired400 => new Answer(400, IgPages.Json, IgPages.LoginRequired),
            IgScenario.ServerError500 => new Answer(500, IgPages.Html, IgPages.ServerErrorHtml),
            IgScenario.ServerError560 => new Answer(560, IgPages.Text, IgPages.ServerErrorText),
            IgScenario.NotFound404 => new Answer(404, null, null),
            IgScenario.NoReelsKey200 => new Answer(200, IgPages.Json, IgPages.NoReelsKey),
            IgScenario.HomeRedirect302 => new Answer(302, IgPages.Html, null, BaseUrl + "/"),
            IgScenario.AuthPlatform302 => new Answer(302, IgPages.Html, null, $"{BaseUrl}/auth_platform/?apc={token}&next={Next(req)}"),
            _ => throw new InvalidOperationException($"Unknown scenario {scenario}"),
        };
    }

    private Answer LoginRedirect(HttpRequest req) =>
        new(302, IgPages.Html, null, $"{BaseUrl}/accounts/login/?next={Next(req)}");

    /// <summary><c>/api/v1/…</c> with its query escaped, as in <c>?next=/api/v1/feed/reels_media/%3Freel_ids%3D1</c>.</summary>
    private static string Next(HttpRequest req)
    {
        var raw = req.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (req.Path + req.QueryString).ToString();
        var q = raw.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? raw : raw[..q] + Uri.EscapeDataString(raw[q..]);
    }

    // ------------------------------------------------------------------ helpers

    private static void CheckItem(IgItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Pk.Length == 0 || item.Pk.Length > 19 || !item.Pk.All(char.IsAsciiDigit) || !long.TryParse(item.Pk, out _))
            throw new ArgumentException($"IgItem.Pk must be up to 19 digits: {item.Pk}");
        if (item.MediaType is not (1 or 2)) throw new ArgumentException($"IgItem.MediaType must be 1 or 2: {item.MediaType}");
    }

    private static Dictionary<string, string> ParseCookies(string header)
    {
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in header.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) continue;
            var name = part[..eq].Trim();
            var value = part[(eq + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"') value = value[1..^1];
            cookies.TryAdd(name, value);
        }
        return cookies;
    }

    private static string NewSessionId()
    {
        const string alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        const string b64 = alnum + "-_";
        // ds_user_id part: 11 digits
        var userId = RandomNumberGenerator.GetInt32(10_000, 80_000).ToString(System.Globalization.CultureInfo.InvariantCulture)
            + RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        return $"{userId}%3A{RandomNumberGenerator.GetString(alnum, 14)}%3A{RandomNumberGenerator.GetInt32(1, 30):D2}%3AAY{RandomNumberGenerator.GetString(b64, 42)}";
    }

    [GeneratedRegex("^/api/v1/highlights/([0-9]{1,20})/highlights_tray/$", RegexOptions.CultureInvariant)]
    private static partial Regex TrayPath();

    [GeneratedRegex("^[A-Za-z0-9._]{1,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex UsernamePattern();

    [GeneratedRegex("^/([A-Za-z0-9._]{1,30})/?$", RegexOptions.CultureInvariant)]
    private static partial Regex ProfilePagePath();
}
