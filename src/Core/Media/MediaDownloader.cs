using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using StoryBot.Core.Http;

namespace StoryBot.Core.Media;

/// <summary>
/// Streams one media URL to a file. Only allow-listed hosts are contacted (every redirect hop included); transient
/// failures (timeouts, 5xx, connection resets, truncated bodies) are retried up to 5 attempts with exponential
/// back-off and jitter. The body goes straight to disk: a file is never held whole in memory.
/// </summary>
public sealed class MediaDownloader
{
    public const string HttpClientName = "media";
    public const int MaxAttempts = 5;

    private readonly HttpClient _http;
    private readonly MediaHostAllowList _allowList;
    private readonly MediaOptions _options;
    private readonly ILogger<MediaDownloader> _logger;
    private readonly ResiliencePipeline _resilience;

    public MediaDownloader(
        HttpClient http,
        MediaHostAllowList allowList,
        IOptions<MediaOptions> options,
        TimeProvider timeProvider,
        ILogger<MediaDownloader> logger)
    {
        _http = http;
        _allowList = allowList;
        _options = options.Value;
        _logger = logger;
        _resilience = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryBaseDelay,
                ShouldHandle = new PredicateBuilder()
                    .Handle<TransientDownloadException>()
                    .Handle<HttpRequestException>()        // connection refused or reset
                    .Handle<IOException>()                 // body cut off
                    .Handle<TimeoutRejectedException>(),   // attempt took too long
                OnRetry = args =>
                {
                    _logger.LogWarning(
                        "Download attempt {Attempt} failed ({Reason}); retrying in {Delay}",
                        args.AttemptNumber + 1, args.Outcome.Exception?.Message, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(_options.AttemptTimeout)
            .Build();
    }

    /// <summary>Downloads <paramref name="url"/> into <paramref name="destinationPath"/> and returns its size.</summary>
    /// <exception cref="HostNotAllowedException">The host is not allowed; nothing was requested.</exception>
    /// <exception cref="MediaDownloadException">A permanent failure, or the last transient one.</exception>
    public async Task<long> DownloadAsync(Uri url, string destinationPath, CancellationToken cancellationToken)
    {
        if (!_allowList.IsAllowed(url))
            throw new HostNotAllowedException(url);

        return await _resilience.ExecuteAsync(
            static async (state, token) => await state.self.DownloadOnceAsync(state.url, state.destinationPath, token),
            (self: this, url, destinationPath),
            cancellationToken);
    }

    /// <summary>
    /// Disk errors are told apart from network ones: a full disk is our fault, not the item's, and retrying the
    /// download would not help.
    /// </summary>
    private static T Local<T>(Func<T> write)
    {
        try
        {
            return write();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LocalStorageException($"cannot write the download: {ex.Message}", ex);
        }
    }

    private static async Task Local(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LocalStorageException($"cannot write the download: {ex.Message}", ex);
        }
    }

    private async Task<long> DownloadOnceAsync(Uri url, string destinationPath, CancellationToken cancellationToken)
    {
        using var response = await RedirectingHttp.GetAsync(_http, url, _allowList.IsAllowed, null, cancellationToken);
        var status = (int)response.StatusCode;
        if (status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
            throw new TransientDownloadException($"HTTP {status}");
        if (!response.IsSuccessStatusCode)
            throw new MediaDownloadException($"HTTP {status}");

        var expected = response.Content.Headers.ContentLength;
        if (expected > _options.MaxDownloadBytes)
            throw new MediaDownloadException($"too large ({expected} bytes)");

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var file = Local(() => new FileStream(
            destinationPath, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true));
        long written = 0;
        try
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                written += read;
                if (written > _options.MaxDownloadBytes)
                    throw new MediaDownloadException($"too large (over {_options.MaxDownloadBytes} bytes)");
                await Local(async () => await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken));
            }

            await Local(async () => await file.DisposeAsync());
        }
        finally
        {
            // Already closed on success; on a failure its own error must not hide the one that matters.
            try
            {
                await file.DisposeAsync();
            }
            catch (IOException)
            {
            }
        }

        if (expected is { } length && written != length)
            throw new IOException($"truncated body: {written} of {length} bytes");
        if (written == 0)
            throw new TransientDownloadException("empty body");

        return written;
    }
}
