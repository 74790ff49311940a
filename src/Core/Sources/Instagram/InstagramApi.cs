using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StoryBot.Core.Http;

namespace StoryBot.Core.Sources.Instagram;

/// <summary>
/// GETs on Instagram's web API with the headers and cookies the web app sends (docs/instagram-web.md §1), and the
/// answer classified as docs/instagram-web.md §6 and §10.2 describe. Redirects are not followed: a 302 to the login,
/// challenge, auth_platform or home page is the signal. Every request waits its turn at the bot-wide
/// <see cref="InstagramPacer"/>.
/// </summary>
public sealed class InstagramApi(
    HttpClient http,
    IOptionsMonitor<InstagramOptions> options,
    InstagramSession session,
    InstagramPacer pacer,
    TimeProvider timeProvider)
{
    public const string HttpClientName = "instagram";

    private const int MaxBodyBytes = 16 * 1024 * 1024;
    private const int ServerErrorAttempts = 3;

    // Any random token works as long as the cookie and the header carry the same value.
    private readonly string _csrfToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    private volatile string _wwwClaim = "0";

    public async Task<JsonDocument> GetAsync(string pathAndQuery, CancellationToken cancellationToken) =>
        ParseOk(await GetBodyAsync(pathAndQuery, cancellationToken));

    /// <summary>A page (HTML) rather than an API answer: the body of a 200, or the same errors as <see cref="GetAsync"/>.</summary>
    public Task<string> GetPageAsync(string pathAndQuery, CancellationToken cancellationToken) =>
        GetBodyAsync(pathAndQuery, cancellationToken);

    private async Task<string> GetBodyAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await GetOnceAsync(pathAndQuery, cancellationToken);
            }
            catch (InstagramApiException ex) when (ex.Error == InstagramError.ServerError && attempt < ServerErrorAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), timeProvider, cancellationToken);
            }
        }
    }

    private async Task<string> GetOnceAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        await pacer.WaitTurnAsync(cancellationToken);
        var settings = options.CurrentValue;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(settings.BaseUrl, pathAndQuery));
        AddWebAppHeaders(request, settings);

        // One deadline for headers and body: a stalled body must not hold the fetch slot. A reset or a stall in
        // either is a server error, tried again and then reported like one, never an exception that escapes.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.RequestTimeout);
        HttpResponseMessage? response = null;
        string body;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            body = await LimitedContent.ReadAsStringAsync(response.Content, MaxBodyBytes, deadline.Token) ?? "";
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException ||
                                   (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            response?.Dispose();
            throw new InstagramApiException(InstagramError.ServerError, 0, ex is OperationCanceledException ? "no answer in time" : ex.GetType().Name);
        }

        using (response)
        {
            if (response.Headers.TryGetValues("x-ig-set-www-claim", out var claims) && claims.FirstOrDefault() is { Length: > 0 } claim)
                _wwwClaim = claim;

            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.OK)
                return body;

            throw Classify(response, status, body, settings.BaseUrl);
        }
    }

    private void AddWebAppHeaders(HttpRequestMessage request, InstagramOptions settings)
    {
        var origin = settings.BaseUrl.GetLeftPart(UriPartial.Authority);
        var headers = request.Headers;
        headers.TryAddWithoutValidation("X-IG-App-ID", InstagramOptions.WebAppId);
        headers.TryAddWithoutValidation("User-Agent", settings.UserAgent);
        headers.TryAddWithoutValidation("Accept", "*/*");
        headers.TryAddWithoutValidation("Accept-Language", "en-US,en;q=0.9");
        headers.TryAddWithoutValidation("X-Requested-With", "XMLHttpRequest");
        headers.TryAddWithoutValidation("X-ASBD-ID", "129477");
        headers.TryAddWithoutValidation("X-IG-WWW-Claim", _wwwClaim);
        headers.TryAddWithoutValidation("X-CSRFToken", _csrfToken);
        headers.TryAddWithoutValidation("Referer", origin + "/");
        headers.TryAddWithoutValidation("Origin", origin);
        headers.TryAddWithoutValidation("Sec-Fetch-Dest", "empty");
        headers.TryAddWithoutValidation("Sec-Fetch-Mode", "cors");
        headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");

        var cookie = $"csrftoken={_csrfToken}";
        if (session.Value is { } sessionId)
            cookie += $"; sessionid={sessionId}";
        headers.TryAddWithoutValidation("Cookie", cookie);
    }

    private static JsonDocument ParseOk(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw new InstagramApiException(InstagramError.Unexpected, 200, "body is not JSON");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object ||
            (document.RootElement.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String && status.GetString() != "ok"))
        {
            document.Dispose();
            throw new InstagramApiException(InstagramError.Unexpected, 200, "status is not ok");
        }

        return document;
    }

    /// <summary>docs/instagram-web.md §6, in instaloader's order, plus the 401 rate limit of the web API.</summary>
    private static InstagramApiException Classify(HttpResponseMessage response, int status, string body, Uri baseUrl)
    {
        var (message, errorType) = ErrorOf(body);
        // Instagram names the error in "message" or, behind a generic sentence, in "error_type" (docs/instagram-web.md §6).
        bool Names(string code) => message == code || errorType == code;
        if (status is >= 300 and < 400)
        {
            var location = response.Headers.Location?.ToString() ?? "";
            if (location.Contains("/challenge", StringComparison.OrdinalIgnoreCase))
                return new InstagramApiException(InstagramError.Checkpoint, status, "redirect to challenge");
            // A reCAPTCHA check of the account (docs/instagram-web.md §10.2): the owner has to pass it.
            if (location.Contains("/auth_platform", StringComparison.OrdinalIgnoreCase))
                return new InstagramApiException(InstagramError.Checkpoint, status, "redirect to auth_platform");
            if (location.Contains("/accounts/login", StringComparison.OrdinalIgnoreCase))
                return new InstagramApiException(InstagramError.LoginRequired, status, "redirect to login");
            // Sent home: the session is gone (§10.2).
            if (IsHomePage(location, baseUrl))
                return new InstagramApiException(InstagramError.LoginRequired, status, "redirect to the home page");
            return new InstagramApiException(InstagramError.Unexpected, status, "unexpected redirect");
        }

        return status switch
        {
            404 => new InstagramApiException(InstagramError.NotFound, status, "not found"),
            429 => new InstagramApiException(InstagramError.RateLimited, status, message ?? "too many requests"),
            401 when message?.Contains("wait", StringComparison.OrdinalIgnoreCase) == true =>
                new InstagramApiException(InstagramError.RateLimited, status, message),
            401 or 403 when message?.Contains("login_required", StringComparison.OrdinalIgnoreCase) == true || status == 401 =>
                new InstagramApiException(InstagramError.LoginRequired, status, message ?? "unauthorized"),
            400 when message is not null && message.Contains("useragent mismatch", StringComparison.OrdinalIgnoreCase) =>
                new InstagramApiException(InstagramError.RequestRejected, status, message),
            400 when Names("checkpoint_required") || Names("challenge_required") || Names("feedback_required") || Names("sentry_block") ||
                     body.Contains("checkpoint_challenge_required", StringComparison.Ordinal) =>
                new InstagramApiException(InstagramError.Checkpoint, status, message ?? errorType ?? "checkpoint"),
            400 when Names("rate_limit_error") || message?.Contains("wait", StringComparison.OrdinalIgnoreCase) == true =>
                new InstagramApiException(InstagramError.RateLimited, status, message ?? errorType ?? "rate limited"),
            400 when Names("login_required") =>
                new InstagramApiException(InstagramError.LoginRequired, status, "login_required"),
            >= 500 => new InstagramApiException(InstagramError.ServerError, status, "server error"),
            _ => new InstagramApiException(InstagramError.Unexpected, status, message ?? "unexpected answer"),
        };
    }

    /// <summary><c>/</c> of the site, absolute or relative, with or without a query.</summary>
    private static bool IsHomePage(string location, Uri baseUrl)
    {
        if (!Uri.TryCreate(baseUrl, location, out var target))
            return false;
        var path = target.AbsolutePath;
        var isInstagram = target.Host.Equals(baseUrl.Host, StringComparison.OrdinalIgnoreCase) ||
                          target.Host.EndsWith("instagram.com", StringComparison.OrdinalIgnoreCase);
        return isInstagram && path == "/";
    }

    /// <summary>
    /// The JSON <c>message</c> and <c>error_type</c> fields; 429s sometimes come as an HTML page, whose text then
    /// stands in for the message.
    /// </summary>
    private static (string? Message, string? ErrorType) ErrorOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (null, null);
            return (Text(document.RootElement, "message"), Text(document.RootElement, "error_type"));
        }
        catch (JsonException)
        {
            return (body.Contains("Please wait a few minutes", StringComparison.OrdinalIgnoreCase) ? "Please wait a few minutes" : null, null);
        }

        static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
