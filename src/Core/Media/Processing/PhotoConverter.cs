using System.Globalization;
using Microsoft.Extensions.Logging;
using StoryBot.Core.Sources;

namespace StoryBot.Core.Media.Processing;

/// <summary>
/// The photo path of <see cref="MediaProcessor"/>: JPEGs within Telegram's limits go byte-identical; WebP/PNG/HEIC or
/// oversized ones become a JPEG within limits. When that fails the original goes if Telegram can still take it.
/// </summary>
/// <param name="logger">The processor's own logger, so the photo path logs under the processor's category as before.</param>
internal sealed class PhotoConverter(FfmpegRunner ffmpeg, ILogger logger)
{
    /// <summary>True when a photo can go to Telegram as it is, without any process.</summary>
    public static bool IsSendable(string path) =>
        ImageHeader.TryRead(path) is { Format: ImageFormat.Jpeg } header &&
        UploadLimits.PhotoFits(new FileInfo(path).Length, header.Width, header.Height);

    /// <exception cref="MediaRejectedException">Telegram cannot take the photo, even converted.</exception>
    public async Task<PreparedMedia> PrepareAsync(string inputPath, CancellationToken cancellationToken)
    {
        if (IsSendable(inputPath))
            return new PreparedMedia(inputPath, MediaKind.Photo);

        var original = new FileInfo(inputPath).Length;
        if (!await ffmpeg.IsAvailableAsync())
            return ImageHeader.TryRead(inputPath) is { Format: not ImageFormat.Other } header && UploadLimits.PhotoFits(original, header.Width, header.Height)
                ? new PreparedMedia(inputPath, MediaKind.Photo)
                : throw new MediaRejectedException(MediaFailure.Unconvertible, "photo needs converting and ffmpeg is not installed");

        var outputPath = FfmpegRunner.OutputPath(inputPath, ".jpg");
        try
        {
            var probe = await ffmpeg.ProbeAsync(inputPath, cancellationToken);
            var filter = PhotoFilter(probe.Width, probe.Height);
            // Lower the quality step by step until it fits 10 MB (q 2 is near-lossless, 10 still looks fine).
            foreach (var quality in new[] { 2, 5, 10 })
            {
                await ffmpeg.RunAsync(JpegArguments(["-i", inputPath], filter, quality, outputPath), cancellationToken);
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

    /// <summary>
    /// The ffmpeg arguments (after the global ones) for one frame of the input as a JPEG at ffmpeg's quality
    /// <paramref name="quality"/> (2 is near-lossless, higher is smaller). <paramref name="input"/> ends with
    /// <c>-i</c> and the path, after any input options.
    /// </summary>
    private static string[] JpegArguments(string[] input, string filter, int quality, string output) =>
        [.. input, "-frames:v", "1", "-vf", filter, "-pix_fmt", "yuvj420p", "-q:v", $"{quality}", "-f", "image2", output];
}
