using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using StoryBot.Core.Http;
using StoryBot.Core.Media.Processing;
using StoryBot.Core.Operations;
using StoryBot.Core.Sources;

namespace StoryBot.Core.Media;

/// <summary>
/// Download (N workers) → process with ffmpeg (M workers), over bounded channels, so a burst of requests waits
/// instead of piling up downloads on disk. One item failing never stops the others: every job ends with a file or
/// the reason there is none.
/// </summary>
public sealed class MediaStages : BackgroundService
{
    private readonly PipelineOptions _options;
    private readonly MediaDownloader _downloader;
    private readonly MediaProcessor _processor;
    private readonly ILogger<MediaStages> _logger;
    private readonly OperatorNotices _notices;
    private readonly Channel<MediaJob> _downloads;
    private readonly Channel<(MediaJob Job, MediaKind Kind)> _processing;

    public MediaStages(
        IOptions<PipelineOptions> options,
        IOptions<MediaOptions> mediaOptions,
        MediaDownloader downloader,
        MediaProcessor processor,
        OperatorNotices notices,
        ILogger<MediaStages> logger)
    {
        _notices = notices;
        _options = options.Value;
        _downloader = downloader;
        _processor = processor;
        _logger = logger;
        WorkRoot = WorkFolder.ForThisProcess(WorkFolder.Root(mediaOptions.Value.TempPath));
        // Small buffers between stages: enough to keep workers busy, not so much that work piles up on disk.
        _downloads = Channel.CreateBounded<MediaJob>(new BoundedChannelOptions(_options.DownloadConcurrency * 4) { FullMode = BoundedChannelFullMode.Wait });
        _processing = Channel.CreateBounded<(MediaJob, MediaKind)>(new BoundedChannelOptions(_options.ProcessConcurrency * 2) { FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>This process's own folder for media files; requests make their folders below it.</summary>
    public string WorkRoot { get; }

    public StageGauge Downloads { get; } = new();
    public StageGauge Processing { get; } = new();
    public int DownloadQueueDepth => _downloads.Reader.Count;
    public int ProcessQueueDepth => _processing.Reader.Count;

    /// <summary>Queues the job, waiting while the download stage is full.</summary>
    public ValueTask SubmitAsync(MediaJob job, CancellationToken cancellationToken) => _downloads.Writer.WriteAsync(job, cancellationToken);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Leftovers of bot processes that were killed: ours alone, nothing else lives under this root.
        // Done here, not in ExecuteAsync, which .NET 10 runs on another thread while requests may already arrive.
        WorkFolder.DeleteStale(Path.GetDirectoryName(WorkRoot)!);
        WorkFolder.DeleteFolderQuietly(WorkRoot);
        Directory.CreateDirectory(WorkRoot);
        if (!await _processor.WarnIfUnavailableAsync())
            _notices.Started(OperatorProblem.FfmpegMissing,
                "ffmpeg is not installed (or cannot run): videos are sent as downloaded, without converting them, and some will not play. Install the ffmpeg package and restart the bot.");
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = new List<Task>();
        workers.AddRange(Enumerable.Range(0, _options.DownloadConcurrency).Select(_ => Task.Run(() => DownloadWorkerAsync(stoppingToken))));
        workers.AddRange(Enumerable.Range(0, _options.ProcessConcurrency).Select(_ => Task.Run(() => ProcessWorkerAsync(stoppingToken))));
        try
        {
            await Task.WhenAll(workers);
        }
        finally
        {
            // Jobs still queued get an outcome, so nobody waits for them forever.
            while (_downloads.Reader.TryRead(out var job))
                job.Fail(MediaFailure.Cancelled);
            while (_processing.Reader.TryRead(out var queued))
                queued.Job.Fail(MediaFailure.Cancelled);
            WorkFolder.DeleteFolderQuietly(WorkRoot);
        }
    }

    private async Task DownloadWorkerAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var job in _downloads.Reader.ReadAllAsync(stopping))
                await DownloadAsync(job, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task DownloadAsync(MediaJob job, CancellationToken stopping)
    {
        if (job.Abandoned.IsCancellationRequested)
        {
            job.Fail(MediaFailure.Cancelled);
            return;
        }

        using var both = CancellationTokenSource.CreateLinkedTokenSource(stopping, job.Abandoned);
        try
        {
            using (Downloads.Enter())
                await _downloader.DownloadAsync(job.Item.MediaUrl!, job.Path, both.Token);

            // Bytes that are no image or video container we know never reach ffmpeg (a playlist, a page, a script).
            if (MediaSniffer.Sniff(job.Path) is not { } kind)
            {
                _logger.LogWarning("Item {ItemId} is not an image or video we know; refused without opening it", job.Item.Id);
                WorkFolder.DeleteFileQuietly(job.Path);
                job.Fail(MediaFailure.Unconvertible);
                return;
            }

            if (kind != job.Item.Kind)
                _logger.LogWarning("Item {ItemId} was announced as {Announced} but its bytes are a {Actual}", job.Item.Id, job.Item.Kind, kind);
            if (kind == MediaKind.Video && job.Item.PosterUrl is { } poster)
                job.PosterPath = await DownloadPosterAsync(job, poster, both.Token);

            // Most photos are JPEGs Telegram takes as they are: they skip the ffmpeg stage and its queue.
            if (kind == MediaKind.Photo && MediaProcessor.IsSendablePhoto(job.Path))
                job.Ready(new PreparedMedia(job.Path, kind));
            else
                await _processing.Writer.WriteAsync((job, kind), stopping);
        }
        catch (LocalStorageException ex)
        {
            _logger.LogWarning("Could not store the download of {ItemId}: {Reason}; it is tried again later", job.Item.Id, ex.Message);
            WorkFolder.DeleteFileQuietly(job.Path);
            job.Fail(MediaFailure.LocalFault);
        }
        catch (HostNotAllowedException ex)
        {
            _logger.LogWarning("Refused media of {ItemId} from {Host}: not on Media:AllowedHosts", job.Item.Id, ex.Host);
            job.Fail(MediaFailure.HostNotAllowed);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            job.Fail(MediaFailure.Cancelled);
            throw;
        }
        catch (OperationCanceledException) when (job.Abandoned.IsCancellationRequested)
        {
            WorkFolder.DeleteFileQuietly(job.Path);
            job.Fail(MediaFailure.Cancelled);
        }
        catch (Exception ex)
        {
            if (ex is MediaDownloadException or HttpRequestException or IOException or TimeoutRejectedException)
                _logger.LogWarning("Could not download {ItemId}: {Reason}", job.Item.Id, ex.Message);
            else
                _logger.LogError(ex, "Unexpected failure downloading {ItemId}", job.Item.Id);
            WorkFolder.DeleteFileQuietly(job.Path);
            job.Fail(MediaFailure.DownloadFailed);
        }
    }

    /// <summary>
    /// The site's own poster of a video, for Telegram's cover: a small JPEG, fetched like any media (allow-listed,
    /// retried, streamed to disk). A courtesy: when it fails or is not a JPEG Telegram takes, the video goes with
    /// our thumbnail as its cover instead.
    /// </summary>
    private async Task<string?> DownloadPosterAsync(MediaJob job, Uri poster, CancellationToken cancellationToken)
    {
        var path = job.Path + ".poster.jpg";
        try
        {
            await _downloader.DownloadAsync(poster, path, cancellationToken);
            if (MediaSniffer.Sniff(path) == MediaKind.Photo && MediaProcessor.IsSendablePhoto(path))
                return path;
            _logger.LogInformation("The poster of {ItemId} is not a JPEG Telegram takes; its thumbnail is the cover", job.Item.Id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogInformation("No poster for {ItemId}: {Reason}", job.Item.Id, ex.Message);
        }

        WorkFolder.DeleteFileQuietly(path);
        return null;
    }

    private async Task ProcessWorkerAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var (job, kind) in _processing.Reader.ReadAllAsync(stopping))
                await ProcessAsync(job, kind, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task ProcessAsync(MediaJob job, MediaKind kind, CancellationToken stopping)
    {
        if (job.Abandoned.IsCancellationRequested)
        {
            WorkFolder.DeleteFileQuietly(job.Path);
            job.Fail(MediaFailure.Cancelled);
            return;
        }

        using var both = CancellationTokenSource.CreateLinkedTokenSource(stopping, job.Abandoned);
        try
        {
            using (Processing.Enter())
                job.Ready(await _processor.PrepareAsync(job.Path, kind, both.Token));
        }
        catch (MediaRejectedException ex)
        {
            _logger.LogWarning("Item {ItemId} cannot go to Telegram: {Reason}", job.Item.Id, ex.Message);
            WorkFolder.DeleteFileQuietly(job.Path);
            job.Fail(ex.Reason);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            job.Fail(MediaFailure.Cancelled);
            throw;
        }
        catch (OperationCanceledException) when (job.Abandoned.IsCancellationRequested)
        {
            // ffmpeg was killed (ProcessRunner kills the whole process tree on cancellation).
            WorkFolder.DeleteFileQuietly(job.Path);
            job.Fail(MediaFailure.Cancelled);
        }
        catch (Exception ex)
        {
            // The processor handles ffmpeg failures itself; anything else is a defect. The original is still
            // better than nothing.
            _logger.LogError(ex, "Unexpected failure processing {ItemId}; sending the original", job.Item.Id);
            job.Ready(new PreparedMedia(job.Path, kind));
        }
    }
}
