using System.Text;
using System.Text.Json;

namespace StoryBot.Tests.Fakes.Instagram;

/// <summary>The error bodies of docs/instagram-web.md §6 and the few HTML pages around them.</summary>
internal static class IgPages
{
    public const string Json = "application/json; charset=utf-8";
    public const string Html = "text/html; charset=utf-8";
    public const string Text = "text/plain; charset=utf-8";
    public const string PleaseWait = "Please wait a few minutes before you try again.";

    /// <summary>Exactly 26 bytes (gallery-dl #5257).</summary>
    public static readonly byte[] EmptyReels = "{\"reels\":{},\"status\":\"ok\"}"u8.ToArray();

    /// <summary>The short answer without <c>reels</c> that a session no longer logged in gets (§10.2).</summary>
    public static readonly byte[] NoReelsKey = "{\"status\":\"ok\"}"u8.ToArray();

    public static readonly byte[] HomeHtml = Encoding.UTF8.GetBytes(Page("Instagram",
        "<main><h2>Instagram</h2><p>Sign up to see photos and videos from your friends.</p></main>"));

    /// <summary>A profile page: the id is only in the inline JSON, as <c>"profile_id":"…"</c> (§10.1).</summary>
    public static byte[] ProfilePage(IgUser user) => Encoding.UTF8.GetBytes(Page(
        $"{user.FullName} (@{user.Username}) • Instagram photos and videos",
        $"<main><header><h2>{user.Username}</h2></header></main><script type=\"application/json\" data-sjs>"
        + $"{{\"require\":[[\"ScheduledServerJS\",\"handle\",null,[{{\"__bbox\":{{\"result\":{{\"data\":{{\"page_id\":\"profilePage_{user.Id}\","
        + $"\"profile_id\":\"{user.Id}\",\"is_private\":{(user.IsPrivate ? "true" : "false")},\"username\":\"{user.Username}\"}}}}}}}}]]]}}</script>"));

    public static readonly byte[] UseragentMismatch = "{\"message\":\"useragent mismatch\",\"status\":\"fail\"}"u8.ToArray();
    public static readonly byte[] CsrfMismatch = "{\"message\":\"CSRF token missing or incorrect\",\"status\":\"fail\"}"u8.ToArray();
    public static readonly byte[] LoginRequired = "{\"message\":\"login_required\",\"status\":\"fail\",\"logout_reason\":2}"u8.ToArray();
    public static readonly byte[] RateLimited401 = Encoding.UTF8.GetBytes($"{{\"message\":\"{PleaseWait}\",\"require_login\":true,\"status\":\"fail\"}}");
    public static readonly byte[] RateLimited429 = Encoding.UTF8.GetBytes($"{{\"message\":\"{PleaseWait}\",\"status\":\"fail\"}}");

    public static readonly byte[] FeedbackRequired = Encoding.UTF8.GetBytes(
        "{\"message\":\"feedback_required\",\"spam\":true,\"feedback_title\":\"Try Again Later\","
        + "\"feedback_message\":\"We limit how often you can do certain things on Instagram to protect our community. Tell us if you think we made a mistake.\","
        + "\"feedback_url\":\"repute/report_problem/scraping/\",\"feedback_appeal_label\":\"Tell us\",\"feedback_ignore_label\":\"OK\","
        + "\"feedback_action\":\"report_problem\",\"status\":\"fail\"}");

    public static readonly byte[] SentryBlock =
        "{\"message\":\"Sorry, there was a problem with your request.\",\"error_type\":\"sentry_block\",\"status\":\"fail\"}"u8.ToArray();

    public static readonly byte[] RateLimitError =
        "{\"message\":\"Sorry, too many requests. Try again later.\",\"error_type\":\"rate_limit_error\",\"status\":\"fail\"}"u8.ToArray();

    public static byte[] Checkpoint(string token) => Encoding.UTF8.GetBytes(
        $"{{\"message\":\"checkpoint_required\",\"checkpoint_url\":\"/challenge/{token}/\",\"lock\":false,\"flow_render_type\":0,\"status\":\"fail\"}}");

    public static byte[] Challenge(string baseUrl, string token, string next)
    {
        var apiPath = $"/challenge/{token}/";
        var url = JsonSerializer.Serialize($"{baseUrl}/challenge/{token}/?next={next}");
        return Encoding.UTF8.GetBytes(
            "{\"message\":\"challenge_required\",\"challenge\":{\"url\":" + url + ",\"api_path\":\"" + apiPath + "\","
            + "\"hide_webview_header\":true,\"lock\":true,\"logout\":false,\"native_flow\":true,\"flow_render_type\":0,"
            + "\"challenge_context\":\"{\\\"step_name\\\": \\\"\\\", \\\"nonce_code\\\": \\\"" + token[..10] + "\\\", \\\"is_stateless\\\": false}\"},"
            + "\"status\":\"fail\",\"error_type\":\"checkpoint_challenge_required\"}");
    }

    public static readonly byte[] RateLimitedHtml = Encoding.UTF8.GetBytes(Page("Page Not Found • Instagram",
        $"<div class=\"error-container -cx-PRIVATE-ErrorPage__errorContainer -cx-PRIVATE-ErrorPage__errorContainer__\"><h2>Error</h2><p>{PleaseWait}</p></div>"));

    public static readonly byte[] ServerErrorHtml = Encoding.UTF8.GetBytes(Page("Instagram",
        "<div class=\"error-container\"><h2>Oops, an error occurred.</h2><p>Please try again later.</p></div>"));

    public static readonly byte[] ServerErrorText = "Oops, an error occurred."u8.ToArray();

    public static readonly byte[] NotFoundHtml = Encoding.UTF8.GetBytes(Page("Page not found • Instagram",
        "<main><h2>Sorry, this page isn't available.</h2><p>The link you followed may be broken, or the page may have been removed. <a href=\"/\">Go back to Instagram.</a></p></main>"));

    public static readonly byte[] LoginHtml = Encoding.UTF8.GetBytes(Page("Login • Instagram",
        "<main><form id=\"loginForm\" method=\"post\"><input name=\"username\" aria-label=\"Phone number, username, or email\"><input name=\"password\" type=\"password\"><button type=\"submit\">Log in</button></form></main>"));

    public static readonly byte[] ChallengeHtml = Encoding.UTF8.GetBytes(Page("Instagram",
        "<main><h2>We Detected An Unusual Login Attempt</h2><p>To secure your account, we'll send you a security code to verify your identity.</p></main>"));

    public static readonly byte[] MethodNotAllowed = "{\"message\":\"Method Not Allowed\",\"status\":\"fail\"}"u8.ToArray();
    public static readonly byte[] MissingReelIds = "{\"message\":\"reel_ids is required\",\"status\":\"fail\"}"u8.ToArray();
    public static readonly byte[] MissingUsername = "{\"message\":\"username is required\",\"status\":\"fail\"}"u8.ToArray();

    private static string Page(string title, string body) =>
        "<!DOCTYPE html><html class=\"_9dls\" lang=\"en\" dir=\"ltr\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<link rel=\"manifest\" href=\"/data/manifest.json\"><title>" + title.Replace("•", "&#x2022;", StringComparison.Ordinal) + "</title></head>"
        + "<body class=\"\" style=\"\"><div id=\"react-root\">" + body + "</div></body></html>";
}
