using System.Globalization;
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
/// </summary>
public sealed class MediaProcessor(
    FfmpegToolchain toolchain,
    IOptions<PipelineOptions> options,
    ILogger<MediaProcessor> logger,
    IOptions<UploadOptions>? upload = null)
{
    /// <summary>The largest video Telegram takes from this bot (Telegram:MaxUploadBytes).</summary>
    private readonly long _maxUpload = upload?.Value.MaxUploadBytes ?? UploadLimits.MaxFileBytes;

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    private readonly TimeSpan _ffmpegTimeout = options.Value.FfmpegTimeout;
    private readonly int _encoderThreads = options.Value.EncoderThreads;

    /// <summary>Input option of ffmpeg and ffprobe: read local files and nothing else (no http, no nested playlists).</summary>
    internal static readonly string[] LocalFilesOnly = ["-protocol_whitelist", "file"];

    /// <summary>Checked once at start-up so a missing ffmpeg is reported once, not per video.</summary>
    public Task<bool> WarnIfUnavailableAsync() => toolchain.IsAvailableAsync();

    /// <summary>True when a photo can go to Telegram as it is, without any process.</summary>
    public static bool IsSendablePhoto(string path) =>
        ImageHeader.TryRead(path) is { Format: ImageFormat.Jpeg } header &&
        UploadLimits.PhotoFits(new FileInfo(path).Length, header.Width, header.Height);

    /// <exception cref="MediaRejectedException">Telegram cannot take the item, even converted.</exception>
    /// <param name="probe">The video's probe when it was read already (<see cref="TryProbeAsync"/>).</param>
    public async Task<PreparedMedia> PrepareAsync(string inputPath, MediaKind kind, CancellationToken cancellationToken, MediaProbe? probe = null) =>
        kind == MediaKind.Photo
            ? await PreparePhotoAsync(inputPath, cancellationToken)
            : await PrepareVideoAsync(inputPath, probe, cancellationToken);

    /// <summary>
    /// ffprobe's reading of a video, or null when ffprobe is missing or cannot read it (<see cref="PrepareAsync"/>
    /// then tries again and says why). The media stages read it right after the download, outside the two ffmpeg
    /// slots: it only reads the file's header, and in the slots it made eight 40 MB remuxes wait 0.3 s each in turn.
    /// </summary>
    public async Task<MediaProbe?> TryProbeAsync(string inputPath, CancellationToken cancellationToken)
    {
        if (!await toolchain.IsAvailableAsync())
            return null;
        try
        {
            return await MediaProbe.ReadAsync(toolchain.FfprobePath, inputPath, ProbeTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is MediaProcessingException or TimeoutException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private async Task<PreparedMedia> PreparePhotoAsync(string inputPath, CancellationToken cancellationToken)
    {
        if (IsSendablePhoto(inputPath))
            return new PreparedMedia(inputPath, MediaKind.Photo);

        var original = new FileInfo(inputPath).Length;
        if (!await toolchain.IsAvailableAsync())
            return ImageHeader.TryRead(inputPath) is { Format: not ImageFormat.Other } header && UploadLimits.PhotoFits(original, header.Width, header.Height)
                ? new PreparedMedia(inputPath, MediaKind.Photo)
                : throw new MediaRejectedException(MediaFailure.Unconvertible, "photo needs converting and ffmpeg is not installed");

        var outputPath = OutputPath(inputPath, ".jpg");
        try
        {
            var probe = await MediaProbe.ReadAsync(toolchain.FfprobePath, inputPath, ProbeTimeout, cancellationToken);
            var filter = PhotoFilter(probe.Width, probe.Height);
            // Lower the quality step by step until it fits 10 MB (q 2 is near-lossless, 10 still looks fine).
            foreach (var quality in new[] { 2, 5, 10 })
            {
                await RunFfmpegAsync(JpegArguments(["-i", inputPath], filter, quality, outputPath), cancellationToken);
                var header = ImageHeader.TryRead(outputPath);
                if (header is not null && UploadLimits.PhotoFits(new FileInfo(outputPath).Length, header.Width, header.Height))
                {
                    logger.LogInformation("Converted photo {File} ({Codec} {Width}x{Height}, {Bytes} bytes) to JPEG {OutWidth}x{OutHeight}",
                        Path.GetFileName(inputPath), probe.VideoCodec, probe.Width, probe.Height, original, header.Width, header.Height);
                    WorkFolder.DeleteFileQuietly(inputPath);
                    return new PreparedMedia(outputPath, MediaKind.Photo, header.Width, header.Height);
                }
            }

            throw new MediaProcessingException("the JPEG stays over Telegram's limits");
        }
        catch (Exception ex) when (ex is MediaProcessingException or TimeoutException or System.Text.Json.JsonException)
        {
            WorkFolder.DeleteFileQuietly(outputPath);
            logger.LogWarning("Converting photo {File} failed: {Reason}", Path.GetFileName(inputPath), ex.Message);
            if (ImageHeader.TryRead(inputPath) is { Format: not ImageFormat.Other } header && UploadLimits.PhotoFits(original, header.Width, header.Height))
                return new PreparedMedia(inputPath, MediaKind.Photo);
            throw new MediaRejectedException(MediaFailure.Unconvertible, ex.Message);
        }
    }

    /// <summary>
    /// Pads a photo longer than 20:1 (cropping would lose content), then scales it so width + height ≤ 10000.
    /// Sizes are kept even so every chroma layout works.
    /// </summary>
    internal static string PhotoFilter(int width, int height)
    {
        double w = Math.Max(1, width), h = Math.Max(1, height);
        var filters = new List<string>();
        if (Math.Max(w, h) / Math.Min(w, h) > UploadLimits.MaxPhotoAspectRatio)
        {
            var (padW, padH) = w > h ? (w, Math.Ceiling(w / UploadLimits.MaxPhotoAspectRatio)) : (Math.Ceiling(h / UploadLimits.MaxPhotoAspectRatio), h);
            filters.Add(string.Create(CultureInfo.InvariantCulture, $"pad={padW}:{padH}:(ow-iw)/2:(oh-ih)/2:color=black"));
            (w, h) = (padW, padH);
        }

        var scale = Math.Min(1.0, (UploadLimits.MaxPhotoDimensionSum - 4) / (w + h));
        var outW = Math.Max(2, (int)Math.Floor(w * scale / 2) * 2);
        var outH = Math.Max(2, (int)Math.Floor(h * scale / 2) * 2);
        filters.Add(string.Create(CultureInfo.InvariantCulture, $"scale={outW}:{outH}"));
        return string.Join(',', filters);
    }

    private async Task<PreparedMedia> PrepareVideoAsync(string inputPath, MediaProbe? probe, CancellationToken cancellationToken)
    {
        var originalBytes = new FileInfo(inputPath).Length;
        if (!await toolchain.IsAvailableAsync())
            return originalBytes <= _maxUpload
                ? new PreparedMedia(inputPath, MediaKind.Video)
                : throw new MediaRejectedException(MediaFailure.LocalFault, "over 50 MB and ffmpeg is not installed");

        MediaProbe source;
        try
        {
            source = probe ?? await MediaProbe.ReadAsync(toolchain.FfprobePath, inputPath, ProbeTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is MediaProcessingException or TimeoutException or System.Text.Json.JsonException)
        {
            logger.LogWarning("Could not probe {File}: {Reason}", Path.GetFileName(inputPath), ex.Message);
            return Original(inputPath, originalBytes, null, ex);
        }

        var outputPath = OutputPath(inputPath, ".mp4");
        ThumbnailShot? shot = null;
        try
        {
            var plan = VideoPlan.For(source, originalBytes, _maxUpload);
            shot = ThumbnailShot.For(OutputPath(outputPath, ".thumb.jpg"), source.DurationSeconds);
            if (plan.Mode == VideoMode.Remux)
            {
                // The fast path of most stories: a stream copy with faststart, which needs no second probe (same
                // streams, same size, same duration).
                await RemuxAsync(plan, inputPath, outputPath, shot, cancellationToken);
                logger.LogInformation("Remux {File}: h264 {Width}x{Height} {Duration:0.0}s, {Bytes} bytes",
                    Path.GetFileName(inputPath), source.Width, source.Height, source.DurationSeconds, originalBytes);
                WorkFolder.DeleteFileQuietly(inputPath);
                var remuxed = await ThumbnailAsync(shot, outputPath, cancellationToken);
                return Describe(outputPath, source, remuxed);
            }

            // The thumbnail comes from the first encode only: later ones re-encode the same frames at a lower bitrate.
            await RunFfmpegAsync(plan.Arguments(inputPath, outputPath, _encoderThreads, shot), cancellationToken);
            var output = await MediaProbe.ReadAsync(toolchain.FfprobePath, outputPath, ProbeTimeout, cancellationToken);
            var outputBytes = new FileInfo(outputPath).Length;

            if (outputBytes > _maxUpload && plan.Mode != VideoMode.FitSize)
            {
                // A CRF encode came out too big: do it again at a bitrate that fits.
                plan = VideoPlan.For(source, outputBytes, _maxUpload, forceFit: true);
                await RunFfmpegAsync(plan.Arguments(inputPath, outputPath, _encoderThreads), cancellationToken);
                output = await MediaProbe.ReadAsync(toolchain.FfprobePath, outputPath, ProbeTimeout, cancellationToken);
                outputBytes = new FileInfo(outputPath).Length;
            }

            if (outputBytes > _maxUpload)
            {
                // The bitrate was missed: one more try, lower by as much as it missed (VideoPlan.Tightened).
                plan = plan.Tightened(outputBytes, _maxUpload);
                await RunFfmpegAsync(plan.Arguments(inputPath, outputPath, _encoderThreads), cancellationToken);
                output = await MediaProbe.ReadAsync(toolchain.FfprobePath, outputPath, ProbeTimeout, cancellationToken);
                outputBytes = new FileInfo(outputPath).Length;
            }

            if (outputBytes > _maxUpload)
                throw new MediaRejectedException(MediaFailure.TooLarge, $"{outputBytes} bytes after re-encoding");

            logger.LogInformation(
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
            await RunFfmpegAsync(plan.Arguments(inputPath, outputPath, thumbnail: shot), cancellationToken);
        }
        catch (MediaProcessingException ex)
        {
            logger.LogWarning("Remux of {File} with its thumbnail failed, remuxing alone: {Reason}", Path.GetFileName(inputPath), ex.Message);
            WorkFolder.DeleteFileQuietly(shot.Path);
            await RunFfmpegAsync(plan.Arguments(inputPath, outputPath), cancellationToken);
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
            logger.LogWarning("Processing {File} failed and it is over 50 MB: {Reason}", Path.GetFileName(inputPath), reason);
            throw new MediaRejectedException(failure is TimeoutException or LocalStorageException ? MediaFailure.LocalFault : MediaFailure.TooLarge, reason);
        }

        logger.LogWarning("Processing {File} failed, sending the original: {Reason}", Path.GetFileName(inputPath), reason);
        return probe is null ? new PreparedMedia(inputPath, MediaKind.Video) : Describe(inputPath, probe, null);
    }

    /// <summary>
    /// The ffmpeg arguments (after the global ones) for one frame of the input as a JPEG at ffmpeg's quality
    /// <paramref name="quality"/> (2 is near-lossless, higher is smaller). <paramref name="input"/> ends with
    /// <c>-i</c> and the path, after any input options.
    /// </summary>
    private static string[] JpegArguments(string[] input, string filter, int quality, string output) =>
        [.. input, "-frames:v", "1", "-vf", filter, "-pix_fmt", "yuvj420p", "-q:v", $"{quality}", "-f", "image2", output];

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
                await RunFfmpegAsync([.. shot.Input(videoPath), .. shot.Output("0:v:0", seek: false, quality)], cancellationToken);
                if (shot.IsUsable())
                    return shot.Path;
            }
        }
        catch (Exception ex) when (ex is MediaProcessingException or TimeoutException or IOException)
        {
            logger.LogWarning("No thumbnail for {File}: {Reason}", Path.GetFileName(videoPath), ex.Message);
        }

        WorkFolder.DeleteFileQuietly(shot.Path);
        return null;
    }

    /// <summary>
    /// Runs ffmpeg, never reading stdin and overwriting its output; each argument goes to it unchanged. Inputs may
    /// only be local files: a playlist served as a "video" must not make ffmpeg fetch URLs we never allowed.
    /// </summary>
    private async Task RunFfmpegAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        logger.LogDebug("ffmpeg {Arguments}", arguments);
        var result = await ProcessRunner.RunAsync(
            toolchain.FfmpegPath, ["-nostdin", "-hide_banner", "-y", .. LocalFilesOnly, .. arguments], _ffmpegTimeout, cancellationToken);
        if (result.ExitCode != 0 && result.StandardErrorTail.Contains("No space left on device", StringComparison.Ordinal))
            throw new LocalStorageException($"ffmpeg could not write its output: {result.StandardErrorTail}");
        if (result.ExitCode != 0)
            throw new MediaProcessingException($"ffmpeg exit code {result.ExitCode}: {result.StandardErrorTail}");
    }

    private static string OutputPath(string inputPath, string suffix) =>
        Path.Combine(Path.GetDirectoryName(inputPath)!, Path.GetFileNameWithoutExtension(inputPath) + ".out" + suffix);

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
