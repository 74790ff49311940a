using Microsoft.Extensions.Logging;

namespace StoryBot.Core.Media.Processing;

/// <summary>
/// Finds out once whether ffmpeg and ffprobe can run. Without them the bot still works and sends originals;
/// it says so once at start-up instead of failing every video.
/// </summary>
public sealed class FfmpegToolchain(ILogger<FfmpegToolchain> logger)
{
    public string FfmpegPath { get; init; } = "ffmpeg";
    public string FfprobePath { get; init; } = "ffprobe";

    private Task<bool>? _available;

    public Task<bool> IsAvailableAsync() => LazyInitializer.EnsureInitialized(ref _available, CheckAsync);

    private async Task<bool> CheckAsync()
    {
        foreach (var tool in new[] { FfmpegPath, FfprobePath })
        {
            try
            {
                var result = await ProcessRunner.RunAsync(tool, ["-version"], TimeSpan.FromSeconds(10), CancellationToken.None);
                if (result.ExitCode != 0)
                    throw new InvalidOperationException($"exit code {result.ExitCode}");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(
                    "{Tool} is not available ({Reason}): videos will be sent as downloaded, without remuxing or transcoding. Install the ffmpeg package to fix this",
                    tool, ex.Message);
                return false;
            }
        }

        return true;
    }
}
