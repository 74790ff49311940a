using FFMpegCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoryBot.Core.Pipeline;
using StoryBot.Core.Sources;

namespace StoryBot.Core.Media.Processing;

/// <summary>
/// Makes a downloaded video play inline in Telegram: H.264 (with AAC or no audio) in MP4 is only remuxed with
/// faststart — no re-encode, the bitstream is kept — and anything else is transcoded to H.264/AAC, yuv420p,
/// faststart. The aspect ratio is never forced (the original's "-aspect 9:16" distorted every other story).
/// On failure or timeout the original file is sent and the reason logged.
/// </summary>
public sealed class MediaProcessor(
    FfmpegToolchain toolchain,
    IOptions<PipelineOptions> options,
    ILogger<MediaProcessor> logger)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);
    private readonly TimeSpan _ffmpegTimeout = options.Value.FfmpegTimeout;

    /// <summary>Checked once at start-up so a missing ffmpeg is reported once, not per video.</summary>
    public Task<bool> WarnIfUnavailableAsync() => toolchain.IsAvailableAsync();

    public async Task<PreparedMedia> PrepareAsync(string inputPath, MediaKind kind, CancellationToken cancellationToken)
    {
        if (kind == MediaKind.Photo || !await toolchain.IsAvailableAsync())
            return new PreparedMedia(inputPath, kind);

        MediaProbe source;
        try
        {
            source = await MediaProbe.ReadAsync(toolchain.FfprobePath, inputPath, ProbeTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is MediaProcessingException or TimeoutException or System.Text.Json.JsonException)
        {
            logger.LogWarning("Could not probe {File}, sending it as downloaded: {Reason}", Path.GetFileName(inputPath), ex.Message);
            return new PreparedMedia(inputPath, kind);
        }

        var outputPath = Path.ChangeExtension(inputPath, null) + ".out.mp4";
        var remux = CanRemux(source);
        try
        {
            var arguments = BuildArguments(inputPath, outputPath, remux);
            logger.LogDebug("ffmpeg {Arguments}", arguments);
            var result = await ProcessRunner.RunAsync(toolchain.FfmpegPath, arguments, _ffmpegTimeout, cancellationToken);
            if (result.ExitCode != 0)
                throw new MediaProcessingException($"ffmpeg exit code {result.ExitCode}: {result.StandardErrorTail}");

            var output = await MediaProbe.ReadAsync(toolchain.FfprobePath, outputPath, ProbeTimeout, cancellationToken);
            File.Delete(inputPath);
            logger.LogInformation(
                "{Action} {File}: {SourceCodec} {Width}x{Height} {Duration:0.0}s",
                remux ? "Remuxed" : "Transcoded", Path.GetFileName(inputPath), source.VideoCodec, output.Width, output.Height, output.DurationSeconds);
            return Describe(outputPath, output);
        }
        catch (Exception ex) when (ex is MediaProcessingException or TimeoutException or System.Text.Json.JsonException)
        {
            logger.LogWarning(
                "Processing {File} failed, sending the original: {Reason}", Path.GetFileName(inputPath), ex.Message);
            File.Delete(outputPath);
            return Describe(inputPath, source);
        }
    }

    /// <summary>Telegram plays H.264 in MP4 inline; only the moov atom may need moving to the front.</summary>
    internal static bool CanRemux(MediaProbe probe) =>
        probe.IsMp4 &&
        probe.VideoCodec == "h264" &&
        probe.PixelFormat is null or "yuv420p" or "yuvj420p" &&
        probe.AudioCodec is null or "aac";

    private static string BuildArguments(string input, string output, bool remux) =>
        FFMpegArguments
            .FromFileInput(input)
            .OutputToFile(output, overwrite: true, options =>
            {
                if (remux)
                {
                    options.WithCustomArgument("-c copy");
                }
                else
                {
                    // Even dimensions are required by yuv420p H.264; scaling to them keeps the aspect ratio.
                    options.WithVideoCodec("libx264")
                        .WithCustomArgument("-preset veryfast -crf 23 -pix_fmt yuv420p")
                        .WithCustomArgument("-vf scale=trunc(iw/2)*2:trunc(ih/2)*2")
                        .WithAudioCodec("aac");
                }

                options.WithCustomArgument("-map 0:v:0 -map 0:a:0?")
                    .WithFastStart()
                    .ForceFormat("mp4");
            })
            .Arguments;

    private static PreparedMedia Describe(string path, MediaProbe probe)
    {
        var (width, height) = Math.Abs(probe.Rotation) % 180 == 90 ? (probe.Height, probe.Width) : (probe.Width, probe.Height);
        return new PreparedMedia(
            path,
            MediaKind.Video,
            width > 0 ? width : null,
            height > 0 ? height : null,
            probe.DurationSeconds > 0 ? Math.Max(1, (int)Math.Round(probe.DurationSeconds)) : null);
    }
}
