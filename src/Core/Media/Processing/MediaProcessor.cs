using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoryBot.Core;
using StoryBot.Core.Sources;

namespace StoryBot.Core.Media.Processing;

/// <summary>
/// Makes whatever the sites serve something Telegram shows and plays inline on every client:
/// <list type="bullet">
/// <item>H.264 (AAC or silent) in MP4, 4:2:0, even-sized, unrotated and within 50 MB is only remuxed with faststart:
/// no re-encode, the bitstream is kept.</item>
/// <item>Any other video (VP9, HEVC, odd sizes, rotation metadata, over 50 MB) is transcoded to H.264/AAC yuv420p
/// with faststart, upright, at a bitrate that fits 50 MB when it has to. The aspect ratio is never forced.</item>
/// <item>Photos that are JPEGs within Telegram's limits go byte-identical; WebP/PNG/HEIC or oversized ones become a
/// JPEG within limits.</item>
/// <item>Every video gets a JPEG thumbnail of at most 320 px and under 200 kB.</item>
/// </list>
/// A failed or timed-out ffmpeg run falls back to the original when Telegram can still take it; otherwise the item
/// is rejected with a reason the chat is told.
/// Photos are <see cref="PhotoConverter"/>'s; every ffmpeg and ffprobe run goes through <see cref="FfmpegRunner"/>.
/// </summary>
public sealed class MediaProcessor
{
    private readonly ILogger<MediaProcessor> _logger;
    private readonly FfmpegRunner _ffmpeg;
    private readonly PhotoConverter _photos;

    /// <summary>The largest video Telegram takes from this bot (Telegram:MaxUploadBytes).</summary>
    private readonly long _maxUpload;

    private readonly int _encoderThreads;

    public MediaProcessor(
        FfmpegToolchain toolchain,
        IOptions<PipelineOptions> options,
        ILogger<MediaProcessor> logger,
        IOptions<UploadOptions>? upload = null)
    {
        _logger = logger;
        _maxUpload = upload?.Value.MaxUploadBytes ?? UploadLimits.MaxFileBytes;
        _encoderThreads = options.Value.EncoderThreads;
        _ffmpeg = new FfmpegRunner(toolchain, options.Value.FfmpegTimeout, logger);
        _photos = new PhotoConverter(_ffmpeg, logger);
    }

    /// <summary>Checked once at start-up so a missing ffmpeg is reported once, not per video.</summary>
    public Task<bool> WarnIfUnavailableAsync() => _ffmpeg.IsAvailableAsync();

    /// <summary>True when a photo can go to Telegram as it is, without any process.</summary>
    public static bool IsSendablePhoto(string path) => PhotoConverter.IsSendable(path);

    /// <exception cref="MediaRejectedException">Telegram cannot take the item, even converted.</exception>
    public async Task<PreparedMedia> PrepareAsync(string inputPath, MediaKind kind, CancellationToken cancellationToken) =>
        kind == MediaKind.Photo
            ? await _photos.PrepareAsync(inputPath, cancellationToken)
            : await PrepareVideoAsync(inputPath, cancellationToken);

    private async Task<PreparedMedia> PrepareVideoAsync(string inputPath, CancellationToken cancellationToken)
    {
        var originalBytes = new FileInfo(inputPath).Length;
        if (!await _ffmpeg.IsAvailableAsync())
            return originalBytes <= _maxUpload
                ? new PreparedMedia(inputPath, MediaKind.Video)
                : throw new MediaRejectedException(MediaFailure.LocalFault, "over 50 MB and ffmpeg is not installed");

        MediaProbe source;
        try
        {
            source = await _ffmpeg.ProbeAsync(inputPath, cancellationToken);
        }
        catch (Exception ex) when (ex is MediaProcessingException or TimeoutException or System.Text.Json.JsonException)
        {
            _logger.LogWarning("Could not probe {File}: {Reason}", Path.GetFileName(inputPath), ex.Message);
            return Original(inputPath, originalBytes, null, ex);
        }

        var outputPath = FfmpegRunner.OutputPath(inputPath, ".mp4");
        ThumbnailShot? shot = null;
        try
        {
            var plan = VideoPlan.For(source, originalBytes, _maxUpload);
            shot = ThumbnailShot.For(FfmpegRunner.OutputPath(outputPath, ".thumb.jpg"), source.DurationSeconds);
            if (plan.Mode == VideoMode.Remux)
            {
                // The fast path of most stories: a stream copy with faststart, which needs no second probe (same
                // streams, same size, same duration).
                await RemuxAsync(plan, inputPath, outputPath, shot, cancellationToken);
                _logger.LogInformation("Remux {File}: h264 {Width}x{Height} {Duration:0.0}s, {Bytes} bytes",
                    Path.GetFileName(inputPath), source.Width, source.Height, source.DurationSeconds, originalBytes);
                WorkFolder.DeleteFileQuietly(inputPath);
                var remuxed = await ThumbnailAsync(shot, outputPath, cancellationToken);
                return Describe(outputPath, source, remuxed);
            }

            // The thumbnail comes from the first encode only: later ones re-encode the same frames at a lower bitrate.
            await _ffmpeg.RunAsync(plan.Arguments(inputPath, outputPath, _encoderThreads, shot), cancellationToken);
            var output = await _ffmpeg.ProbeAsync(outputPath, cancellationToken);
            var outputBytes = new FileInfo(outputPath).Length;

            if (outputBytes > _maxUpload && plan.Mode != VideoMode.FitSize)
            {
                // A CRF encode came out too big: do it again at a bitrate that fits.
                plan = VideoPlan.For(source, outputBytes, _maxUpload, forceFit: true);
                await _ffmpeg.RunAsync(plan.Arguments(inputPath, outputPath, _encoderThreads), cancellationToken);
                output = await _ffmpeg.ProbeAsync(outputPath, cancellationToken);
                outputBytes = new FileInfo(outputPath).Length;
            }

            if (outputBytes > _maxUpload)
            {
                // The bitrate was missed: one more try, lower by as much as it missed (VideoPlan.Tightened).
                plan = plan.Tightened(outputBytes, _maxUpload);
                await _ffmpeg.RunAsync(plan.Arguments(inputPath, outputPath, _encoderThreads), cancellationToken);
                output = await _ffmpeg.ProbeAsync(outputPath, cancellationToken);
                outputBytes = new FileInfo(outputPath).Length;
            }

            if (outputBytes > _maxUpload)
                throw new MediaRejectedException(MediaFailure.TooLarge, $"{outputBytes} bytes after re-encoding");

            _logger.LogInformation(
                "{Mode} {File}: {SourceCodec} {Width}x{Height} {Duration:0.0}s, {InBytes} → {OutBytes} bytes",
                plan.Mode, Path.GetFileName(inputPath), source.VideoCodec, output.Width, output.Height, output.DurationSeconds, originalBytes, outputBytes);
            WorkFolder.DeleteFileQuietly(inputPath);
            var thumbnail = await ThumbnailAsync(shot, outputPath, cancellationToken);
            return Describe(outputPath, output, thumbnail);
        }
        catch (MediaRejectedException)
        {
            DeleteOutputs(outputPath, shot);
            throw;
        }
        catch (Exception ex) when (ex is MediaProcessingException or TimeoutException or System.Text.Json.JsonException or LocalStorageException)
        {
            DeleteOutputs(outputPath, shot);
            return Original(inputPath, originalBytes, source, ex);
        }
    }

    private static void DeleteOutputs(string outputPath, ThumbnailShot? shot)
    {
        WorkFolder.DeleteFileQuietly(outputPath);
        if (shot is not null)
            WorkFolder.DeleteFileQuietly(shot.Path);
    }

    /// <summary>
    /// The stream copy, taking the thumbnail in the same run. Should the thumbnail's part fail the run (a frame that
    /// cannot be decoded where the copy needs none), the copy is made alone and the thumbnail tried on its own after.
    /// </summary>
    private async Task RemuxAsync(VideoPlan plan, string inputPath, string outputPath, ThumbnailShot shot, CancellationToken cancellationToken)
    {
        try
        {
            await _ffmpeg.RunAsync(plan.Arguments(inputPath, outputPath, thumbnail: shot), cancellationToken);
        }
        catch (MediaProcessingException ex)
        {
            _logger.LogWarning("Remux of {File} with its thumbnail failed, remuxing alone: {Reason}", Path.GetFileName(inputPath), ex.Message);
            WorkFolder.DeleteFileQuietly(shot.Path);
            await _ffmpeg.RunAsync(plan.Arguments(inputPath, outputPath), cancellationToken);
        }
    }

    /// <summary>
    /// The download as it came, when Telegram can still take it (under 50 MB). Otherwise the item is too large,
    /// unless our side failed (ffmpeg timed out under load, the disk is full): then it is tried again later.
    /// </summary>
    private PreparedMedia Original(string inputPath, long bytes, MediaProbe? probe, Exception failure)
    {
        var reason = failure.Message;
        if (bytes > _maxUpload)
        {
            _logger.LogWarning("Processing {File} failed and it is over 50 MB: {Reason}", Path.GetFileName(inputPath), reason);
            throw new MediaRejectedException(failure is TimeoutException or LocalStorageException ? MediaFailure.LocalFault : MediaFailure.TooLarge, reason);
        }

        _logger.LogWarning("Processing {File} failed, sending the original: {Reason}", Path.GetFileName(inputPath), reason);
        return probe is null ? new PreparedMedia(inputPath, MediaKind.Video) : Describe(inputPath, probe, null);
    }

    /// <summary>
    /// The thumbnail taken with the video when it came out usable; otherwise one taken from the prepared video in runs
    /// of its own, at lower JPEG qualities until it is under 200 kB. Null when none can be made.
    /// </summary>
    private async Task<string?> ThumbnailAsync(ThumbnailShot shot, string videoPath, CancellationToken cancellationToken)
    {
        if (shot.IsUsable())
            return shot.Path;
        try
        {
            foreach (var quality in new[] { 3, 8, 20 })
            {
                await _ffmpeg.RunAsync([.. shot.Input(videoPath), .. shot.Output("0:v:0", seek: false, quality)], cancellationToken);
                if (shot.IsUsable())
                    return shot.Path;
            }
        }
        catch (Exception ex) when (ex is MediaProcessingException or TimeoutException or IOException)
        {
            _logger.LogWarning("No thumbnail for {File}: {Reason}", Path.GetFileName(videoPath), ex.Message);
        }

        WorkFolder.DeleteFileQuietly(shot.Path);
        return null;
    }

    private static PreparedMedia Describe(string path, MediaProbe probe, string? thumbnail)
    {
        var (width, height) = Math.Abs(probe.Rotation) % 180 == 90 ? (probe.Height, probe.Width) : (probe.Width, probe.Height);
        return new PreparedMedia(
            path,
            MediaKind.Video,
            width > 0 ? width : null,
            height > 0 ? height : null,
            probe.DurationSeconds > 0 ? Math.Max(1, (int)Math.Round(probe.DurationSeconds)) : null,
            thumbnail);
    }
}
