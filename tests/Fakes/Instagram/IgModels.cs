using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace StoryBot.Tests.Fakes.Instagram;

/// <summary>How the <c>reels_media</c> answer carries the reels (docs/instagram-web.md §3).</summary>
public enum ReelsShape
{
    /// <summary>Both the <c>reels</c> map (keyed by reel id) and the <c>reels_media</c> array.</summary>
    Both,
    /// <summary>Only the <c>reels</c> map.</summary>
    ReelsMapOnly,
    /// <summary>Only the <c>reels_media</c> array.</summary>
    ReelsMediaArrayOnly,
    /// <summary>The GraphQL wrapper <c>data.xdt_api__v1__feed__reels_media__connection.edges[].node</c> (docs/instagram-web.md §10.2).</summary>
    GraphQl,
}

/// <summary>The fake's routes, for scenarios aimed at one of them.</summary>
public enum IgRoute
{
    ProfileInfo,
    TopSearch,
    ProfilePage,
    ReelsMedia,
    HighlightsTray,
}

/// <summary>What a request with a <c>sessionid</c> cookie other than <see cref="FakeInstagramApi.ValidSessionId"/> gets from
/// <c>reels_media</c> (unknown for the real site: docs/instagram-web.md §3). The tray always answers a login redirect or login_required.</summary>
public enum ExpiredSessionForm
{
    /// <summary>200 <c>{"status":"ok"}</c>: no <c>reels</c> key, what a session that is no longer logged in gets in 2026 (§10.2). The default.</summary>
    NoReelsKey,
    /// <summary>200 <c>{"reels":{},"status":"ok"}</c> (indistinguishable from "no story").</summary>
    EmptyReels,
    /// <summary>302 to the home page (<c>Location: {base}/</c>), §10.2.</summary>
    HomeRedirect,
    /// <summary>302 to <c>/accounts/login/?next=…</c>.</summary>
    LoginRedirect,
    /// <summary>403 <c>{"message":"login_required","status":"fail","logout_reason":2}</c>.</summary>
    LoginRequired,
}

/// <summary>Scripted error answers (docs/instagram-web.md §6).</summary>
public enum IgScenario
{
    /// <summary>401 <c>{"message":"Please wait a few minutes before you try again.","require_login":true,"status":"fail"}</c>.</summary>
    RateLimited401,
    /// <summary>429 with the same message as JSON.</summary>
    RateLimited429Json,
    /// <summary>429 with an HTML page containing the message.</summary>
    RateLimited429Html,
    /// <summary>400 <c>checkpoint_required</c> with <c>checkpoint_url</c>.</summary>
    Checkpoint400,
    /// <summary>400 <c>challenge_required</c> with a <c>challenge</c> object, <c>error_type</c> checkpoint_challenge_required.</summary>
    Challenge400,
    /// <summary>302 to <c>/challenge/?next=…</c>.</summary>
    Challenge302,
    /// <summary>302 to <c>/accounts/login/?next=…</c>.</summary>
    LoginRedirect302,
    /// <summary>403 <c>{"message":"login_required","status":"fail","logout_reason":2}</c>.</summary>
    LoginRequired403,
    /// <summary>400 <c>feedback_required</c> (with the feedback_* fields).</summary>
    FeedbackRequired400,
    /// <summary>400 with a generic <c>message</c> and <c>error_type</c> <c>sentry_block</c>.</summary>
    SentryBlock400,
    /// <summary>400 with a generic <c>message</c> and <c>error_type</c> <c>rate_limit_error</c>.</summary>
    RateLimitError400,
    /// <summary>400 <c>{"message":"login_required",...}</c>: the older form of the app API's 403.</summary>
    LoginRequired400,
    /// <summary>500 with Instagram's HTML error page.</summary>
    ServerError500,
    /// <summary>560 with a short plain-text body.</summary>
    ServerError560,
    /// <summary>404 with an empty body.</summary>
    NotFound404,
    /// <summary>200 <c>{"status":"ok"}</c>: the short answer without <c>reels</c> of a session that is no longer logged in (§10.2).</summary>
    NoReelsKey200,
    /// <summary>302 to the home page: the session is gone (§10.2).</summary>
    HomeRedirect302,
    /// <summary>302 to <c>/auth_platform/…</c>: a reCAPTCHA check of the account, a checkpoint (§10.2).</summary>
    AuthPlatform302,
}

/// <summary>One request seen by <see cref="FakeInstagramApi"/>. <paramref name="Query"/> is the raw query string without
/// the leading '?'. Header names are case-insensitive; <paramref name="Cookies"/> holds the raw (not unescaped) values of
/// the Cookie header.</summary>
public sealed record IgRequest(
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> Cookies,
    int StatusCode,
    DateTimeOffset At)
{
    public string Method { get; init; } = "GET";
}

/// <summary>An account. <see cref="Username"/> is matched case-insensitively.</summary>
public sealed record IgUser(string Username)
{
    /// <summary>Digits as a string (10–11 digits), derived from the username by default (stable).</summary>
    public string Id { get; init; } = IgIds.UserIdFor(Username);

    /// <summary>Default: the username's parts capitalised ("river.lane" → "River Lane").</summary>
    public string FullName { get; init; } = IgIds.DefaultFullName(Username);

    public string Biography { get; init; } = "film & coffee ☕";
    public bool IsVerified { get; init; }
    public bool IsPrivate { get; init; }

    /// <summary>The session follows this account: a private account's story and highlights are visible only then.</summary>
    public bool ViewerFollows { get; init; }

    /// <summary>web_profile_info answers <c>{"data":{"user":null},"status":"ok"}</c>; reels and tray are empty; topsearch leaves it out.</summary>
    public bool Unavailable { get; init; }

    /// <summary>topsearch never lists it (shadow-banned accounts, gallery-dl #9039).</summary>
    public bool HiddenFromSearch { get; init; }

    /// <summary>The current story, oldest first (the fake emits items sorted by <see cref="IgItem.TakenAt"/> anyway).</summary>
    public IReadOnlyList<IgItem> Story { get; init; } = [];

    public IReadOnlyList<IgHighlight> Highlights { get; init; } = [];

    public long FollowerCount { get; init; } = 5120;
    public long FollowingCount { get; init; } = 310;
    public long PostCount { get; init; } = 64;
}

/// <summary>A story or highlight item. <paramref name="Pk"/> is the 19-digit media id (digits). <paramref name="MediaType"/>:
/// 1 image, 2 video. <paramref name="Images"/> are the image candidates (a video's poster), <paramref name="Videos"/> the
/// progressive video versions; both are emitted in a non-sorted order.</summary>
public sealed record IgItem(
    string Pk,
    int MediaType,
    long TakenAt,
    IReadOnlyList<IgVersion> Images,
    IReadOnlyList<IgVersion> Videos,
    double? VideoDuration = null);

/// <summary>An image candidate or video version. <paramref name="Type"/> is the video version's <c>type</c> (101/102/103);
/// null → assigned by rank.</summary>
public sealed record IgVersion(int Width, int Height, string Url, int? Type = null);

/// <summary>A highlight. <paramref name="Id"/> is digits, without the "highlight:" prefix.</summary>
public sealed record IgHighlight(string Id, string Title, IReadOnlyList<IgItem> Items);

/// <summary>Ids in the real shapes.</summary>
public static class IgIds
{
    private const long TwoPow53 = 9_007_199_254_740_992;

    /// <summary>A random 19-digit story media pk (≈ 3.6e18–3.8e18, far above 2^53, so a double loses digits).</summary>
    public static string Pk()
    {
        while (true)
        {
            var value = 3_600_000_000_000_000_000L + RandomNumberGenerator.GetInt32(0, 200_000_000) * 1_000_000_000L + RandomNumberGenerator.GetInt32(0, 1_000_000_000);
            // make sure the value is not exactly representable as a double (so double parsing visibly corrupts it)
            if (value > TwoPow53 && (long)(double)value != value) return value.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A random 17-digit highlight id ("179…"/"180…"), without the "highlight:" prefix.</summary>
    public static string HighlightId()
    {
        var head = RandomNumberGenerator.GetInt32(0, 2) == 0 ? "179" : "180";
        var tail = RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture)
            + RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        return head + tail;
    }

    /// <summary>The stable default user id of a username: 10–11 digits, never starting with 0.</summary>
    public static string UserIdFor(string username)
    {
        ArgumentNullException.ThrowIfNull(username);
        var h = SHA256.HashData(Encoding.UTF8.GetBytes("igid:" + username.ToLowerInvariant()));
        var n = BitConverter.ToUInt64(h, 0) % 79_000_000_000UL;
        return (1_000_000_000UL + n).ToString(CultureInfo.InvariantCulture);
    }

    internal static string DefaultFullName(string username)
    {
        ArgumentNullException.ThrowIfNull(username);
        var parts = username.Split(['.', '_'], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => char.ToUpperInvariant(p[0]) + p[1..]);
        return string.Join(' ', parts);
    }

    /// <summary>Instagram's shortcode of a media pk (base64 with A–Z a–z 0–9 - _ over the pk's bits).</summary>
    internal static string ShortCode(string pk)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        if (!ulong.TryParse(pk, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n == 0) return "A";
        var sb = new StringBuilder();
        while (n > 0)
        {
            sb.Insert(0, alphabet[(int)(n % 64)]);
            n /= 64;
        }
        return sb.ToString();
    }
}
