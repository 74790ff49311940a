using System.Collections.Concurrent;
using System.Globalization;

namespace StoryBot.Tests.Fakes.Media;

/// <summary>
/// Real media files generated with the ffmpeg on PATH (lavfi test sources), cached in
/// <c>{TEMP}/storybot-testmedia/</c> under names keyed by the parameters, so repeated calls are cheap. Safe across
/// processes: each file is written under a unique temporary name and moved into place. Treat returned files as
/// read-only (copy them if a test needs to modify or delete one).
/// </summary>
public static class TestMedia
{
    /// <summary>Bump when the ffmpeg arguments change, so stale cache entries are not reused.</summary>
    private const string Generation = "g1";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> InFlight = new(StringComparer.Ordinal);

    /// <summary>The cache folder.</summary>
    public static string CacheDirectory { get; } = Path.Combine(Path.GetTempPath(), "storybot-testmedia");

    /// <summary>A baseline JPEG (mjpeg, yuvj420p) of the testsrc2 pattern.</summary>
    public static Task<string> JpegAsync(int width, int height, CancellationToken ct = default)
    {
        CheckSize(width, height, even: false);
        return GetAsync($"jpeg_{width}x{height}.jpg",
            [.. StillInput(width, height), "-frames:v", "1",
             "-c:v", "mjpeg", "-pix_fmt", "yuvj420p", "-q:v", "5", "-f", "image2"], ct);
    }

    /// <summary>An RGB PNG of the testsrc2 pattern.</summary>
    public static Task<string> PngAsync(int width, int height, CancellationToken ct = default)
    {
        CheckSize(width, height, even: false);
        return GetAsync($"png_{width}x{height}.png",
            [.. StillInput(width, height), "-frames:v", "1",
             "-c:v", "png", "-pix_fmt", "rgb24", "-f", "image2"], ct);
    }

    /// <summary>H.264 (libx264, yuv420p, 25 fps) + AAC (44.1 kHz stereo) in MP4. Without <paramref name="faststart"/>
    /// the moov box is after mdat (ffmpeg's default); with it, before.</summary>
    public static Task<string> H264Mp4Async(int width, int height, double seconds, bool faststart = false, bool audio = true, CancellationToken ct = default)
    {
        CheckSize(width, height, even: true);
        CheckSeconds(seconds);
        var s = Secs(seconds);
        var args = VideoInput(width, height, audio, 44100);
        args.AddRange(["-t", s, "-c:v", "libx264", "-preset", "ultrafast", "-crf", "35", "-maxrate", "800k", "-bufsize", "800k", "-pix_fmt", "yuv420p", "-g", "50"]);
        if (audio) args.AddRange(["-c:a", "aac", "-b:a", "48k", "-ac", "2"]);
        if (faststart) args.AddRange(["-movflags", "+faststart"]);
        args.AddRange(["-f", "mp4"]);
        return GetAsync($"h264_{width}x{height}_{s}s_fs{(faststart ? 1 : 0)}_a{(audio ? 1 : 0)}.mp4", args, ct);
    }

    /// <summary>HEVC (libx265, yuv420p, tagged <c>hvc1</c>) + AAC in MP4.</summary>
    public static Task<string> HevcMp4Async(int width, int height, double seconds, CancellationToken ct = default)
    {
        CheckSize(width, height, even: true);
        CheckSeconds(seconds);
        var s = Secs(seconds);
        var args = VideoInput(width, height, audio: true, 44100);
        args.AddRange(["-t", s, "-c:v", "libx265", "-preset", "ultrafast", "-crf", "35", "-x265-params", "log-level=error",
            "-tag:v", "hvc1", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "48k", "-ac", "2", "-f", "mp4"]);
        return GetAsync($"hevc_{width}x{height}_{s}s.mp4", args, ct);
    }

    /// <summary>VP9 (libvpx-vp9, yuv420p) + Opus in WebM.</summary>
    public static Task<string> Vp9WebmAsync(int width, int height, double seconds, CancellationToken ct = default)
    {
        CheckSize(width, height, even: true);
        CheckSeconds(seconds);
        var s = Secs(seconds);
        var args = VideoInput(width, height, audio: true, 48000);
        args.AddRange(["-t", s, "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-row-mt", "1",
            "-b:v", "300k", "-pix_fmt", "yuv420p", "-c:a", "libopus", "-b:a", "32k", "-f", "webm"]);
        return GetAsync($"vp9_{width}x{height}_{s}s.webm", args, ct);
    }

    // testsrc2 rounds odd sizes down: render the next even size and crop
    private static string[] StillInput(int width, int height)
        => ["-f", "lavfi", "-i", $"testsrc2=size={width + (width & 1)}x{height + (height & 1)}:rate=1", "-vf", $"format=rgb24,crop={width}:{height}:0:0"];

    private static List<string> VideoInput(int width, int height, bool audio, int sampleRate)
    {
        var args = new List<string> { "-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate=25" };
        if (audio) args.AddRange(["-f", "lavfi", "-i", $"sine=frequency=440:sample_rate={sampleRate}"]);
        return args;
    }

    private static async Task<string> GetAsync(string name, IReadOnlyList<string> ffmpegArgs, CancellationToken ct)
    {
        var final = Path.Combine(CacheDirectory, Generation + "_" + name);
        if (IsUsable(final)) return final;
        var lazy = InFlight.GetOrAdd(final, f => new Lazy<Task<string>>(() => GenerateAsync(f, ffmpegArgs)));
        try
        {
            // the shared generation is not cancelled when one caller gives up
            return await lazy.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            InFlight.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(final, lazy));
            throw;
        }
    }

    private static async Task<string> GenerateAsync(string final, IReadOnlyList<string> ffmpegArgs)
    {
        if (IsUsable(final)) return final;
        Directory.CreateDirectory(CacheDirectory);
        var tmp = Path.Combine(CacheDirectory, $".{Path.GetFileName(final)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            var args = new List<string> { "-nostdin", "-hide_banner", "-loglevel", "error", "-y" };
            args.AddRange(ffmpegArgs);
            args.Add(tmp);
            var result = await ProcessRunner.RunAsync("ffmpeg", args, Timeout, CancellationToken.None).ConfigureAwait(false);
            if (result.ExitCode != 0 || !IsUsable(tmp))
            {
                throw new InvalidOperationException(
                    $"ffmpeg failed (exit {result.ExitCode}) for {Path.GetFileName(final)}: {ProcessRunner.Tail(result.StdErr)}");
            }
            try
            {
                File.Move(tmp, final, overwrite: false);
            }
            catch (IOException) when (IsUsable(final))
            {
                // another process won the race; its file is equivalent
            }
            return final;
        }
        finally
        {
            try { File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static bool IsUsable(string path)
    {
        var fi = new FileInfo(path);
        return fi.Exists && fi.Length > 0;
    }

    private static void CheckSize(int width, int height, bool even)
    {
        if (width is < 1 or > 8192) throw new ArgumentOutOfRangeException(nameof(width));
        if (height is < 1 or > 8192) throw new ArgumentOutOfRangeException(nameof(height));
        if (even && (width % 2 != 0 || height % 2 != 0))
            throw new ArgumentException($"yuv420p video needs even dimensions, got {width}x{height}.");
    }

    private static void CheckSeconds(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds <= 0 || seconds > 600) throw new ArgumentOutOfRangeException(nameof(seconds));
    }

    private static string Secs(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);
}
