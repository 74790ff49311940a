using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StoryBot.Core;
using StoryBot.Core.Media.Processing;
using StoryBot.Core.Sources;

namespace StoryBot.Bench;

/// <param name="Chats">Chats the story goes to (1, or --chats for fanout).</param>
public sealed record WorkloadMedia(string Name, IReadOnlyList<(string Path, bool IsVideo)> Files, int Chats);

/// <summary>The workloads of issue #5, generated once with ffmpeg into a cache folder.</summary>
public static class Workloads
{
    private static readonly string Cache = Path.Combine(Path.GetTempPath(), "storybot-bench-media");

    public static async Task<WorkloadMedia> PrepareAsync(string name, BenchOptions options)
    {
        Directory.CreateDirectory(Cache);
        if (options.Smoke)
            return await SmallAsync(name);

        var jpeg = await MakeAsync("story.jpg", "-f", "lavfi", "-i", "testsrc=size=1080x1920", "-frames:v", "1", "-q:v", "2");
        // ~8 MB: 10 s at a constant 6 Mbit/s (filler keeps the size), moov at the end as phones write it.
        var h264 = await MakeAsync("story-h264.mp4", "-f", "lavfi", "-i", "testsrc2=size=720x1280:rate=30", "-f", "lavfi", "-i", "sine=frequency=440",
            "-t", "10", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-b:v", "6M", "-minrate", "6M", "-maxrate", "6M", "-bufsize", "2M",
            "-x264-params", "nal-hrd=cbr", "-c:a", "aac", "-shortest");
        var hevc = await MakeAsync("story-hevc.mp4", "-f", "lavfi", "-i", "testsrc2=size=720x1280:rate=30", "-f", "lavfi", "-i", "sine=frequency=440",
            "-t", "10", "-c:v", "libx265", "-preset", "ultrafast", "-tag:v", "hvc1", "-b:v", "2M", "-c:a", "aac", "-shortest");
        var story8 = new List<(string, bool)> { (jpeg, false), (jpeg, false), (jpeg, false), (h264, true), (h264, true), (h264, true), (h264, true), (hevc, true) };

        return name switch
        {
            "story8" => new WorkloadMedia(name, story8, 1),
            "fanout" => new WorkloadMedia(name, story8, options.Chats),
            "large8" => new WorkloadMedia(name, Enumerable.Repeat((await MakeAsync("large-h264.mp4", "-f", "lavfi", "-i", "testsrc2=size=720x1280:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440", "-t", "10", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-b:v", "32M", "-minrate", "32M", "-maxrate", "32M", "-bufsize", "8M", "-x264-params", "nal-hrd=cbr", "-c:a", "aac", "-shortest"), true), 8).ToList(), 1),
            _ => throw new ArgumentException($"Unknown workload {name}: use story8, large8 or fanout"),
        };
    }

    /// <summary>
    /// Two photos and a 2 s clip to two chats: the smoke test's workload, and the warm-up that runs each contestant
    /// once before the measured runs (see Program).
    /// </summary>
    public static async Task<WorkloadMedia> SmallAsync(string name)
    {
        Directory.CreateDirectory(Cache);
        var photo = await MakeAsync("smoke.jpg", "-f", "lavfi", "-i", "testsrc=size=540x960", "-frames:v", "1", "-q:v", "3");
        var clip = await MakeAsync("smoke.mp4", "-f", "lavfi", "-i", "testsrc2=size=360x640:rate=30", "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
        return new WorkloadMedia(name, [(photo, false), (photo, false), (clip, true)], 2);
    }

    /// <summary>
    /// The best any design could do on this world: the slowest single item's download (latency + size / bandwidth),
    /// plus its processing by our own processor (measured here, alone: the median of three runs, since one run of
    /// story8's transcode varied from 5.1 to 6.3 s on the development machine), plus one Telegram round trip.
    /// </summary>
    public static async Task<double> LowerBoundAsync(WorkloadMedia media, BenchOptions options)
    {
        var processor = new MediaProcessor(new FfmpegToolchain(NullLogger<FfmpegToolchain>.Instance),
            Options.Create(new PipelineOptions { EncoderThreads = options.EncoderThreads }), NullLogger<MediaProcessor>.Instance);
        var folder = Directory.CreateTempSubdirectory("bench-bound-").FullName;
        try
        {
            var worst = 0.0;
            foreach (var (path, isVideo) in media.Files.Distinct())
            {
                var download = options.CdnLatency.TotalSeconds + new FileInfo(path).Length / (double)options.CdnBytesPerSecond;
                var processing = new List<double>();
                for (var run = 0; run < 3; run++)
                {
                    var copy = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".download");
                    File.Copy(path, copy);
                    var watch = Stopwatch.StartNew();
                    await processor.PrepareAsync(copy, isVideo ? MediaKind.Video : MediaKind.Photo, CancellationToken.None);
                    processing.Add(watch.Elapsed.TotalSeconds);
                }

                worst = Math.Max(worst, download + processing.Order().ElementAt(1));
            }

            return worst + options.TelegramLatency.TotalSeconds;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The soak's photo: a small story JPEG that goes to Telegram as it is, so the soak measures the bot, not ffmpeg.</summary>
    public static Task<string> SoakPhotoAsync()
    {
        Directory.CreateDirectory(Cache);
        return MakeAsync("soak.jpg", "-f", "lavfi", "-i", "testsrc=size=540x960", "-frames:v", "1", "-q:v", "5");
    }

    private static async Task<string> MakeAsync(string name, params string[] arguments)
    {
        var path = Path.Combine(Cache, name);
        if (File.Exists(path))
            return path;
        var temporary = path + ".tmp" + Environment.ProcessId + Path.GetExtension(name);
        var result = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-y", .. arguments, temporary], TimeSpan.FromMinutes(5), CancellationToken.None);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"ffmpeg could not make {name}: {result.StandardErrorTail}");
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
