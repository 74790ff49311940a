using Microsoft.Extensions.Logging;

namespace StoryBot.Core.Media.Processing;

/// <summary>
/// The ffmpeg and ffprobe runs of <see cref="MediaProcessor"/> and <see cref="PhotoConverter"/>, written once so every
/// run reads local files only and a full disk is told apart from a file ffmpeg cannot handle.
/// </summary>
/// <param name="logger">The processor's own logger, so a run is logged under the processor's category as before.</param>
internal sealed class FfmpegRunner(FfmpegToolchain toolchain, TimeSpan ffmpegTimeout, ILogger logger)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Input option of ffmpeg and ffprobe: read local files and nothing else (no http, no nested playlists).</summary>
    internal static readonly string[] LocalFilesOnly = ["-protocol_whitelist", "file"];

    public Task<bool> IsAvailableAsync() => toolchain.IsAvailableAsync();

    /// <summary>ffprobe's reading of <paramref name="path"/>, within the probe timeout.</summary>
    public Task<MediaProbe> ProbeAsync(string path, CancellationToken cancellationToken) =>
        MediaProbe.ReadAsync(toolchain.FfprobePath, path, ProbeTimeout, cancellationToken);

    /// <summary>
    /// Runs ffmpeg, never reading stdin and overwriting its output; each argument goes to it unchanged. Inputs may
    /// only be local files: a playlist served as a "video" must not make ffmpeg fetch URLs we never allowed.
    /// </summary>
    /// <exception cref="LocalStorageException">The disk is full: our fault, not the file's.</exception>
    /// <exception cref="MediaProcessingException">ffmpeg failed on the file.</exception>
    public async Task RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        logger.LogDebug("ffmpeg {Arguments}", arguments);
        var result = await ProcessRunner.RunAsync(
            toolchain.FfmpegPath, ["-nostdin", "-hide_banner", "-y", .. LocalFilesOnly, .. arguments], ffmpegTimeout, cancellationToken);
        if (result.ExitCode != 0 && result.StandardErrorTail.Contains("No space left on device", StringComparison.Ordinal))
            throw new LocalStorageException($"ffmpeg could not write its output: {result.StandardErrorTail}");
        if (result.ExitCode != 0)
            throw new MediaProcessingException($"ffmpeg exit code {result.ExitCode}: {result.StandardErrorTail}");
    }

    /// <summary>Where a run writes what it makes of <paramref name="inputPath"/>: beside it, as name.out + suffix.</summary>
    public static string OutputPath(string inputPath, string suffix) =>
        Path.Combine(Path.GetDirectoryName(inputPath)!, Path.GetFileNameWithoutExtension(inputPath) + ".out" + suffix);
}
