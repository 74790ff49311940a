using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StoryBot.Tests.Fakes;
using StoryBot.Tests.Fakes.Snapchat;

namespace StoryBot.Tests.Fakes.Cdn;

/// <summary>
/// A local sc-cdn.net serving registered files under the real URL shapes (docs/snapchat-web.md §5), with scriptable faults.
/// Faults queue per media path in the order they were scripted (e.g. <c>Fail(u, 500, 2); Truncate(u)</c> → 500, 500,
/// truncated, then normal). Every request counts, whether faulted or not. Thread-safe.
/// </summary>
public sealed class FakeCdn : IAsyncDisposable
{
    private const string IdChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, MediaEntry> _media = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinkedList<Fault>> _faults = new(StringComparer.Ordinal);
    private readonly Lock _faultsLock = new();
    private readonly List<string> _paths = [];
    private readonly Lock _pathsLock = new();
    private readonly InFlightGauge _inFlight = new();
    private long _latencyTicks;
    private long _bytesPerSecond;

    private sealed record MediaEntry(string Id, string? FilePath, byte[]? Bytes, string ContentType, string Url);

    private enum FaultKind { Status, Truncate, Delay, Reset }

    private sealed class Fault(FaultKind kind, int remaining)
    {
        public FaultKind Kind { get; } = kind;
        public int Remaining { get; set; } = remaining;
        public int Status { get; init; }
        public TimeSpan Delay { get; init; }
    }

    private FakeCdn(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>http://127.0.0.1:PORT (no trailing slash).</summary>
    public string BaseUrl { get; }

    /// <summary>Added before every response (default 0).</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    /// <summary>0 = unthrottled; otherwise bodies are streamed in small chunks paced to this rate.</summary>
    public long BytesPerSecond
    {
        get => Interlocked.Read(ref _bytesPerSecond);
        set => Interlocked.Exchange(ref _bytesPerSecond, Math.Max(0, value));
    }

    /// <summary>Highest number of requests that were in flight at the same time.</summary>
    public int MaxConcurrentRequestsObserved => _inFlight.Peak;

    /// <summary>Every request path (no query), in arrival order (snapshot).</summary>
    public IReadOnlyList<string> RequestedPaths
    {
        get { lock (_pathsLock) return _paths.ToArray(); }
    }

    public static async Task<FakeCdn> StartAsync(CancellationToken ct = default)
    {
        var app = FakeHost.Build();
        FakeCdn? cdn = null;
        app.Run(ctx => cdn!.HandleAsync(ctx));
        var baseUrl = await FakeHost.StartAsync(app, ct).ConfigureAwait(false);
        cdn = new FakeCdn(app, baseUrl);
        return cdn;
    }

    /// <summary>Registers a photo: <c>{BaseUrl}/d/{id}.1023.IRZXSOY?mo=…&amp;uc=75</c>, served as image/jpeg from the file.</summary>
    public string AddPhoto(string filePath) => Add(filePath, "/d/", "1023", "image/jpeg");

    /// <summary>Registers a video: <c>{BaseUrl}/3/{id}.1034.IRZXSOY?mo=…&amp;uc=75</c>, served as video/mp4 from the file.</summary>
    public string AddVideo(string filePath) => Add(filePath, "/3/", "1034", "video/mp4");

    /// <summary>
    /// Registers an Instagram-style photo (docs/instagram-web.md §5):
    /// <c>{BaseUrl}/v/t51.2885-15/{digits}_{digits}_n.jpg?stp=dst-jpg_e35_p1080x1920&amp;_nc_ht=scontent-ams4-1.cdninstagram.com&amp;_nc_cat=1&amp;oh=00_{sig}&amp;oe={hex expiry}</c>.
    /// The query is signed: any change to it (a parameter altered, added, removed or reordered) → 403 "URL signature mismatch";
    /// after the <c>oe</c> expiry (default 3 days) → 403 "URL signature expired". Served from the file (streamed) with the
    /// content type of its real format (image/jpeg, image/webp, image/png, …), whatever the URL's extension says.
    /// Faults, latency and counts work as for <see cref="AddPhoto"/>.
    /// </summary>
    public string AddInstagramPhoto(string filePath) => AddInstagramPhoto(filePath, TimeSpan.FromDays(3));

    /// <inheritdoc cref="AddInstagramPhoto(string)"/>
    public string AddInstagramPhoto(string filePath, TimeSpan validFor)
    {
        while (true)
        {
            var a = RandomNumberGenerator.GetInt32(100_000_000, 999_999_999);
            var b = RandomNumberGenerator.GetInt32(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture)
                + RandomNumberGenerator.GetInt32(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var path = $"/v/t51.2885-15/{a}_{b}_n.jpg";
            var url = AddSigned(filePath, path, $"{a}_{b}", "stp=dst-jpg_e35_p1080x1920&_nc_ht=scontent-ams4-1.cdninstagram.com&_nc_cat=1", validFor);
            if (url != null) return url;
        }
    }

    /// <summary>
    /// Registers an Instagram-style progressive video: <c>{BaseUrl}/o1/v/t16/f2/m69/{token}.mp4?_nc_cat=101&amp;oh=00_{sig}&amp;oe={hex expiry}</c>,
    /// signed and served like <see cref="AddInstagramPhoto(string)"/> (content type by the file's real format: video/mp4, video/webm, …).
    /// </summary>
    public string AddInstagramVideo(string filePath) => AddInstagramVideo(filePath, TimeSpan.FromDays(3));

    /// <inheritdoc cref="AddInstagramVideo(string)"/>
    public string AddInstagramVideo(string filePath, TimeSpan validFor)
    {
        while (true)
        {
            var token = "AQO" + RandomNumberGenerator.GetString(IdChars + "-_", 61);
            var url = AddSigned(filePath, $"/o1/v/t16/f2/m69/{token}.mp4", token, "_nc_cat=101", validFor);
            if (url != null) return url;
        }
    }

    /// <summary>
    /// The preview URL of a registered media URL: <c>{BaseUrl}/d/{same id}.256.IRZXSOY?mo=…&amp;uc=75</c>. Serves a JPEG:
    /// the photo itself for photos, a small fixed JPEG for videos. Idempotent.
    /// </summary>
    public string PreviewUrlFor(string mediaUrl)
    {
        var path = PathOf(mediaUrl);
        if (!_media.TryGetValue(path, out var media)) throw new ArgumentException($"Not a registered media URL: {mediaUrl}", nameof(mediaUrl));
        var previewPath = $"/d/{media.Id}.256.IRZXSOY";
        var entry = _media.GetOrAdd(previewPath, p => media.ContentType == "image/jpeg"
            ? new MediaEntry(media.Id, media.FilePath, media.Bytes, "image/jpeg", $"{BaseUrl}{p}?mo={Mo()}&uc=75")
            : new MediaEntry(media.Id, null, TinyJpeg, "image/jpeg", $"{BaseUrl}{p}?mo={Mo()}&uc=75"));
        return entry.Url;
    }

    /// <summary>The next <paramref name="times"/> requests for that media answer <paramref name="statusCode"/>.</summary>
    public void Fail(string url, int statusCode, int times = 1)
    {
        if (statusCode is < 100 or > 599) throw new ArgumentOutOfRangeException(nameof(statusCode));
        Enqueue(url, new Fault(FaultKind.Status, times) { Status = statusCode });
    }

    /// <summary>The next <paramref name="times"/> requests get the full Content-Length but only half the bytes, then the connection is aborted.</summary>
    public void Truncate(string url, int times = 1) => Enqueue(url, new Fault(FaultKind.Truncate, times));

    /// <summary>The next <paramref name="times"/> requests wait <paramref name="delay"/> before the headers, then are served normally.</summary>
    public void Delay(string url, TimeSpan delay, int times = 1) => Enqueue(url, new Fault(FaultKind.Delay, times) { Delay = delay });

    /// <summary>The next <paramref name="times"/> requests are aborted before any response byte.
    /// HttpClient reports this as <see cref="HttpRequestException"/> (checked on fresh and on pooled connections).</summary>
    public void ResetConnection(string url, int times = 1) => Enqueue(url, new Fault(FaultKind.Reset, times));

    /// <summary>Removes all scripted faults.</summary>
    public void ClearFaults()
    {
        lock (_faultsLock) _faults.Clear();
    }

    /// <summary>Requests seen for that path (query ignored), including faulted ones. Accepts a full URL or a path.</summary>
    public int RequestCount(string url) => _counts.TryGetValue(PathOf(url), out var n) ? n : 0;

    public ValueTask DisposeAsync() => FakeHost.StopAsync(_app);

    // ------------------------------------------------------------------ internals

    private string Add(string filePath, string prefix, string sizeCode, string contentType)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        var full = Path.GetFullPath(filePath);
        if (!File.Exists(full)) throw new FileNotFoundException("Media file not found.", full);
        while (true)
        {
            var id = RandomNumberGenerator.GetString(IdChars, 21);
            var path = $"{prefix}{id}.{sizeCode}.IRZXSOY";
            var url = $"{BaseUrl}{path}?mo={Mo()}&uc=75";
            if (_media.TryAdd(path, new MediaEntry(id, full, null, contentType, url))) return url;
        }
    }

    private sealed record SignedQuery(string Query, long ExpiresUnix);

    private readonly ConcurrentDictionary<string, SignedQuery> _signed = new(StringComparer.Ordinal);
    private readonly byte[] _signingKey = RandomNumberGenerator.GetBytes(32);

    /// <summary>Registers a signed Instagram-style URL; null if the path is already taken.</summary>
    private string? AddSigned(string filePath, string path, string id, string query, TimeSpan validFor)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        var full = Path.GetFullPath(filePath);
        if (!File.Exists(full)) throw new FileNotFoundException("Media file not found.", full);
        var expires = DateTimeOffset.UtcNow.Add(validFor).ToUnixTimeSeconds();
        var oe = expires.ToString("X8", System.Globalization.CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(_signingKey, System.Text.Encoding.UTF8.GetBytes($"{path}?{query}&oe={oe}"));
        var oh = "00_A" + Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_')[..42];
        var signedQuery = $"{query}&oh={oh}&oe={oe}";
        var url = $"{BaseUrl}{path}?{signedQuery}";
        if (!_media.TryAdd(path, new MediaEntry(id, full, null, SniffContentType(full), url))) return null;
        _signed[path] = new SignedQuery(signedQuery, expires);
        return url;
    }

    /// <summary>403 with a plain-text body if the request's query is not the signed one, or the signature expired.</summary>
    private static async Task<bool> RejectUnsignedAsync(HttpContext ctx, SignedQuery signed)
    {
        var query = ctx.Request.QueryString.HasValue ? ctx.Request.QueryString.Value![1..] : "";
        string? message = !string.Equals(query, signed.Query, StringComparison.Ordinal) ? "URL signature mismatch"
            : DateTimeOffset.UtcNow.ToUnixTimeSeconds() > signed.ExpiresUnix ? "URL signature expired"
            : null;
        if (message == null) return false;
        var body = System.Text.Encoding.UTF8.GetBytes(message);
        ctx.Response.StatusCode = 403;
        ctx.Response.ContentType = "text/plain";
        ctx.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(ctx.Request.Method)) await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted).ConfigureAwait(false);
        return true;
    }

    /// <summary>The content type of the file's real format, from its magic bytes.</summary>
    private static string SniffContentType(string path)
    {
        Span<byte> h = stackalloc byte[16];
        int n;
        using (var f = File.OpenRead(path)) n = f.ReadAtLeast(h, h.Length, throwOnEndOfStream: false);
        h = h[..n];
        if (h.Length >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF) return "image/jpeg";
        if (h.Length >= 8 && h[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (h.Length >= 12 && h[..4].SequenceEqual("RIFF"u8) && h.Slice(8, 4).SequenceEqual("WEBP"u8)) return "image/webp";
        if (h.Length >= 6 && (h[..6].SequenceEqual("GIF87a"u8) || h[..6].SequenceEqual("GIF89a"u8))) return "image/gif";
        if (h.Length >= 4 && h[..4].SequenceEqual((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3])) return "video/webm";
        if (h.Length >= 12 && h.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            var brand = h.Slice(8, 4);
            if (brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8)) return "image/heic";
            if (brand.SequenceEqual("avif"u8)) return "image/avif";
            if (brand.SequenceEqual("qt  "u8)) return "video/quicktime";
            return "video/mp4";
        }
        return "application/octet-stream";
    }

    private static string Mo() => Uri.EscapeDataString(Convert.ToBase64String(RandomNumberGenerator.GetBytes(RandomNumberGenerator.GetInt32(24, 60))));

    private static string PathOf(string url)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            return uri.AbsolutePath;
        var q = url.IndexOf('?', StringComparison.Ordinal);
        return q >= 0 ? url[..q] : url;
    }

    private void Enqueue(string url, Fault fault)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fault.Remaining, "times");
        var path = PathOf(url);
        lock (_faultsLock)
        {
            if (!_faults.TryGetValue(path, out var list)) _faults[path] = list = new LinkedList<Fault>();
            list.AddLast(fault);
        }
    }

    private Fault? TakeFault(string path)
    {
        lock (_faultsLock)
        {
            if (!_faults.TryGetValue(path, out var list) || list.First == null) return null;
            var f = list.First.Value;
            if (--f.Remaining <= 0) list.RemoveFirst();
            return f;
        }
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        using var _ = _inFlight.Enter();
        try
        {
            await ServeAsync(ctx).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // client went away
        }
        catch (IOException) when (ctx.RequestAborted.IsCancellationRequested)
        {
        }
    }

    private async Task ServeAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "/";
        var aborted = ctx.RequestAborted;
        lock (_pathsLock) _paths.Add(path);
        _counts.AddOrUpdate(path, 1, (_, n) => n + 1);

        var latency = Latency;
        if (latency > TimeSpan.Zero) await Task.Delay(latency, aborted).ConfigureAwait(false);

        if (!HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method))
        {
            ctx.Response.StatusCode = 405;
            return;
        }

        if (!_media.TryGetValue(path, out var media))
        {
            await WriteErrorAsync(ctx, 404, "NoSuchKey", "The specified key does not exist.").ConfigureAwait(false);
            return;
        }

        if (_signed.TryGetValue(path, out var signed) && await RejectUnsignedAsync(ctx, signed).ConfigureAwait(false)) return;

        var fault = TakeFault(path);
        switch (fault?.Kind)
        {
            case FaultKind.Status:
                await WriteErrorAsync(ctx, fault.Status, fault.Status == 403 ? "AccessDenied" : "Error", "Scripted failure").ConfigureAwait(false);
                return;
            case FaultKind.Reset:
                ctx.Abort();
                return;
            case FaultKind.Delay:
                await Task.Delay(fault.Delay, aborted).ConfigureAwait(false);
                break;
        }

        await using var stream = media.Bytes != null
            ? (Stream)new MemoryStream(media.Bytes, writable: false)
            : new FileStream(media.FilePath!, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read | FileShare.Delete, Options = FileOptions.Asynchronous | FileOptions.SequentialScan, BufferSize = 0 });
        var length = stream.Length;
        var res = ctx.Response;
        res.StatusCode = 200;
        res.ContentType = media.ContentType;
        res.ContentLength = length;
        res.Headers.CacheControl = "public, max-age=31536000";
        res.Headers.ETag = $"\"{media.Id}-{length}\"";
        res.Headers["X-Cache"] = "Hit from cloudfront";
        if (HttpMethods.IsHead(ctx.Request.Method)) return;

        var toSend = fault?.Kind == FaultKind.Truncate ? length / 2 : length;
        await CopyAsync(stream, res, toSend, aborted).ConfigureAwait(false);

        if (fault?.Kind == FaultKind.Truncate)
        {
            await res.Body.FlushAsync(aborted).ConfigureAwait(false);
            ctx.Abort();
        }
    }

    private async Task CopyAsync(Stream source, HttpResponse res, long count, CancellationToken ct)
    {
        var rate = BytesPerSecond;
        var chunk = rate > 0 ? (int)Math.Clamp(rate / 20, 1, 64 * 1024) : 64 * 1024;
        var buffer = new byte[chunk];
        long sent = 0;
        var clock = Stopwatch.StartNew();
        await res.StartAsync(ct).ConfigureAwait(false);
        while (sent < count)
        {
            var want = (int)Math.Min(buffer.Length, count - sent);
            var read = await source.ReadAsync(buffer.AsMemory(0, want), ct).ConfigureAwait(false);
            if (read == 0) break;
            await res.Body.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            sent += read;
            if (rate > 0)
            {
                await res.Body.FlushAsync(ct).ConfigureAwait(false);
                // pace: by now, sent bytes should have taken sent/rate seconds
                var due = TimeSpan.FromSeconds((double)sent / rate) - clock.Elapsed;
                if (due > TimeSpan.Zero) await Task.Delay(due, ct).ConfigureAwait(false);
            }
        }
    }

    private static async Task WriteErrorAsync(HttpContext ctx, int status, string code, string message)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message></Error>");
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/xml";
        ctx.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(ctx.Request.Method)) await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>A valid 16×16 grey baseline JPEG (used as the preview of videos).</summary>
    private static readonly byte[] TinyJpeg = Convert.FromBase64String(TinyJpegBase64);

    private const string TinyJpegBase64 = "/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgUFBcUFxsbGxsbGyAeICEhISAgICAhISEkJCQqKiokJCQhISQkKCgqKi4vLisrKisvLzIyMjw8OTlGRkhWVmf/xABKAAEAAAAAAAAAAAAAAAAAAAAAAQEAAAAAAAAAAAAAAAAAAAAAEAEAAAAAAAAAAAAAAAAAAAAAEQEAAAAAAAAAAAAAAAAAAAAA/8AAEQgAEAAQAwEiAAIRAAMRAP/aAAwDAQACEQMRAD8AAA//2Q==";
}
