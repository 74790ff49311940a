using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StoryBot.Core;
using StoryBot.Core.Media;
using StoryBot.Core.Media.Processing;
using StoryBot.Core.Sources;
using StoryBot.Core.Tests.Pipeline;
using StoryBot.Tests.Fakes.Media;

namespace StoryBot.Core.Tests.Media;

/// <summary>The process stage with the real ffmpeg and ffprobe.</summary>
[Collection(FfmpegCollection.Name)]
public sealed class MediaProcessorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("storybot-proc-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Copy(string source)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".download");
        File.Copy(source, path);
        return path;
    }

    private static MediaProcessor Processor(FfmpegToolchain? toolchain = null, TimeSpan? timeout = null, CapturingLoggerProvider? logs = null) => new(
        toolchain ?? new FfmpegToolchain(NullLogger<FfmpegToolchain>.Instance),
        Options.Create(new PipelineOptions { FfmpegTimeout = timeout ?? TimeSpan.FromMinutes(1) }),
        logs?.CreateLogger("processor") is { } logger ? new Microsoft.Extensions.Logging.Logger<MediaProcessor>(new SingleLoggerFactory(logger)) : NullLogger<MediaProcessor>.Instance);

    [Fact]
    public async Task H264_without_faststart_is_remuxed_keeping_the_bitstream()
    {
        var input = Copy(await TestMedia.H264Mp4Async(720, 1280, 3, faststart: false));
        Assert.False(Ffprobe.MoovBeforeMdat(input));
        var inputVideoHash = await VideoStreamHashAsync(input);

        var prepared = await Processor().PrepareAsync(input, MediaKind.Video, CancellationToken.None);

        Assert.NotEqual(input, prepared.Path);
        Assert.False(File.Exists(input), "the download is deleted once the output exists");
        Assert.True(Ffprobe.MoovBeforeMdat(prepared.Path));
        Assert.Equal(inputVideoHash, await VideoStreamHashAsync(prepared.Path));   // copied, not re-encoded
        var probe = await Ffprobe.ProbeAsync(prepared.Path);
        Assert.Equal(("h264", "aac"), (probe.VideoCodec, probe.AudioCodec));
        Assert.Equal((720, 1280, 3), (prepared.Width, prepared.Height, prepared.DurationSeconds));
    }

    [Theory]
    [InlineData("hevc")]
    [InlineData("vp9")]
    public async Task Other_codecs_are_transcoded_to_h264_aac_faststart_without_changing_the_shape(string codec)
    {
        var source = codec == "hevc" ? await TestMedia.HevcMp4Async(480, 854, 2) : await TestMedia.Vp9WebmAsync(480, 854, 2);
        var prepared = await Processor().PrepareAsync(Copy(source), MediaKind.Video, CancellationToken.None);

        var probe = await Ffprobe.ProbeAsync(prepared.Path);
        Assert.Equal("h264", probe.VideoCodec);
        Assert.Equal("yuv420p", probe.PixelFormat);
        Assert.Equal((480, 854), (probe.Width, probe.Height));
        Assert.InRange(probe.DurationSeconds, 1.5, 2.5);
        Assert.True(probe.MoovBeforeMdat);
        Assert.Equal((480, 854), (prepared.Width, prepared.Height));
    }

    [Fact]
    public async Task Odd_dimensions_become_even_without_forcing_an_aspect_ratio()
    {
        // VP9 allows odd sizes; H.264 in yuv420p does not.
        var source = Path.Combine(_folder, "odd.webm");
        var made = await ProcessRunner.RunAsync("ffmpeg",
            ["-v", "error", "-f", "lavfi", "-i", "testsrc=size=301x533:rate=15", "-t", "1", "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", source],
            TimeSpan.FromSeconds(60), CancellationToken.None);
        Assert.Equal(0, made.ExitCode);
        var prepared = await Processor().PrepareAsync(Copy(source), MediaKind.Video, CancellationToken.None);

        var probe = await Ffprobe.ProbeAsync(prepared.Path);
        Assert.Equal((300, 532), (probe.Width, probe.Height));
    }

    /// <summary>
    /// Every path goes to ffprobe and ffmpeg as an argument of its own, never inside a command string, so quotes,
    /// spaces and <c>$</c> in the work folder (Media:TempPath) or the file name cannot break or change a run.
    /// </summary>
    [Theory]
    [InlineData("h264")] // probe, remux taking the thumbnail from a second input
    [InlineData("vp9")]  // probe, transcode with the thumbnail as a second output, probe of the output
    [InlineData("png")]  // probe, conversion to JPEG
    public async Task A_path_with_quotes_spaces_and_a_dollar_sign_goes_through_ffprobe_and_ffmpeg_unchanged(string kind)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "it's a \"dir\" $HOME")).FullName;
        var input = Path.Combine(folder, "story 'one' \"$HOME\".download");
        File.Copy(kind switch
        {
            "h264" => await TestMedia.H264Mp4Async(720, 1280, 3, faststart: false),
            "vp9" => await TestMedia.Vp9WebmAsync(480, 854, 2),
            _ => await TestMedia.PngAsync(320, 568),
        }, input);

        var prepared = await Processor().PrepareAsync(input, kind == "png" ? MediaKind.Photo : MediaKind.Video, CancellationToken.None);

        // Converted next to the download (a failed run would have sent the download itself).
        Assert.Equal(Path.Combine(folder, kind == "png" ? "story 'one' \"$HOME\".out.jpg" : "story 'one' \"$HOME\".out.mp4"), prepared.Path);
        Assert.False(File.Exists(input), "the download is deleted once the output exists");
        if (kind == "png")
        {
            Assert.Equal(new ImageHeader(ImageFormat.Jpeg, 320, 568), ImageHeader.TryRead(prepared.Path));
            return;
        }

        var probe = await Ffprobe.ProbeAsync(prepared.Path);
        Assert.Equal(("h264", "aac"), (probe.VideoCodec, probe.AudioCodec));
        Assert.True(probe.MoovBeforeMdat);
        Assert.NotNull(prepared.ThumbnailPath);
        Assert.Equal(folder, Path.GetDirectoryName(prepared.ThumbnailPath));
        Assert.Equal(ImageFormat.Jpeg, ImageHeader.TryRead(prepared.ThumbnailPath)?.Format);
    }

    /// <summary>
    /// The thumbnail is taken in the run that remuxes or transcodes the video, and it still shows the frame about a
    /// second in, not the first one (stories often open on black): black for 0.6 s, then white.
    /// </summary>
    [Theory]
    [InlineData("libx264", "yuv420p")]   // remuxed: the thumbnail reads the file again as a second input
    [InlineData("libx264", "yuv444p")]   // transcoded: the thumbnail is one of the decoded frames
    public async Task The_thumbnail_shows_the_frame_a_second_in_on_either_path(string codec, string pixels)
    {
        var input = Path.Combine(_folder, $"fade-{pixels}.download");
        var made = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "color=c=black:s=360x640:r=30", "-t", "3",
            "-vf", "drawbox=c=white:t=fill:enable='gte(t,0.6)'", "-c:v", codec, "-preset", "ultrafast", "-pix_fmt", pixels, "-f", "mp4", input],
            TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.True(made.ExitCode == 0, made.StandardErrorTail);
        var logs = new CapturingLoggerProvider();

        var media = await Processor(logs: logs).PrepareAsync(input, MediaKind.Video, CancellationToken.None);

        Assert.Equal(pixels == "yuv420p" ? "Remux" : "Transcode", logs.Lines.Select(line => line.Split(' ')[2]).Single(word => word is "Remux" or "Transcode"));
        Assert.Single(logs.Lines, line => line.StartsWith("Debug processor: ffmpeg ", StringComparison.Ordinal));   // one run: video and thumbnail
        Assert.NotNull(media.ThumbnailPath);
        Assert.Equal(ImageFormat.Jpeg, ImageHeader.TryRead(media.ThumbnailPath)?.Format);
        Assert.True(await MeanBrightnessAsync(media.ThumbnailPath) > 200, "the thumbnail is the white frame a second in");
        Assert.True(await MeanBrightnessAsync(media.Path) < 30, "the video itself still opens on black");
    }

    /// <summary>The average grey level (0-255) of the first frame of an image or video.</summary>
    private static async Task<int> MeanBrightnessAsync(string path)
    {
        var output = Path.Combine(Path.GetDirectoryName(path)!, Guid.NewGuid().ToString("N") + ".gray");
        var result = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-y", "-i", path, "-frames:v", "1", "-vf", "scale=1:1,format=gray", "-f", "rawvideo", output],
            TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.True(result.ExitCode == 0, result.StandardErrorTail);
        var bytes = await File.ReadAllBytesAsync(output);
        File.Delete(output);
        return bytes[0];
    }

    [Fact]
    public async Task A_timeout_kills_ffmpeg_and_the_original_is_sent()
    {
        // Long enough that transcoding cannot finish within the 1 s limit on any machine.
        var source = Copy(await TestMedia.HevcMp4Async(1280, 720, 30));
        var before = FfmpegChildren();
        var logs = new CapturingLoggerProvider();

        var started = DateTime.UtcNow;
        var prepared = await Processor(timeout: TimeSpan.FromSeconds(1), logs: logs).PrepareAsync(source, MediaKind.Video, CancellationToken.None);

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20));
        Assert.Equal(source, prepared.Path);                                   // fell back to the original
        Assert.True(File.Exists(source));
        Assert.Empty(Directory.GetFiles(_folder, "*.out.mp4"));                // partial output removed
        Assert.Empty(FfmpegChildren().Except(before));                         // nothing left running
        Assert.Contains(logs.Lines, line => line.Contains("killed"));
    }

    [Fact]
    public async Task Without_ffmpeg_the_original_is_sent_and_the_warning_is_given_once()
    {
        var logs = new CapturingLoggerProvider();
        var toolchain = new FfmpegToolchain(new Microsoft.Extensions.Logging.Logger<FfmpegToolchain>(new SingleLoggerFactory(logs.CreateLogger("toolchain"))))
        {
            FfmpegPath = "/nonexistent/ffmpeg",
            FfprobePath = "/nonexistent/ffprobe",
        };
        var processor = Processor(toolchain);
        var first = Copy(await TestMedia.HevcMp4Async(320, 240, 1));
        var second = Copy(await TestMedia.HevcMp4Async(320, 240, 1));

        Assert.False(await processor.WarnIfUnavailableAsync());
        Assert.Equal(first, (await processor.PrepareAsync(first, MediaKind.Video, CancellationToken.None)).Path);
        Assert.Equal(second, (await processor.PrepareAsync(second, MediaKind.Video, CancellationToken.None)).Path);
        Assert.Single(logs.Lines, line => line.Contains("not available"));
    }

    [Fact]
    public async Task Unreadable_video_is_sent_as_downloaded()
    {
        var path = Path.Combine(_folder, "garbage.download");
        await File.WriteAllBytesAsync(path, [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', 1, 2, 3, 4, 5]);
        var prepared = await Processor().PrepareAsync(path, MediaKind.Video, CancellationToken.None);
        Assert.Equal(path, prepared.Path);
        Assert.True(File.Exists(path));
    }

    private static async Task<string> VideoStreamHashAsync(string path)
    {
        var result = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-i", path, "-map", "0:v:0", "-c", "copy", "-f", "md5", "-"], TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(0, result.ExitCode);
        return result.StandardOutput.Trim();
    }

    /// <summary>ffmpeg processes whose parent is this test process.</summary>
    private static HashSet<int> FfmpegChildren()
    {
        var self = Environment.ProcessId.ToString();
        var children = new HashSet<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                var parent = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1];
                if (name == "ffmpeg" && parent == self)
                    children.Add(pid);
            }
            catch (IOException)
            {
            }
        }

        return children;
    }

    [Fact]
    public async Task Ffmpeg_and_ffprobe_read_local_files_only_even_when_a_playlist_points_elsewhere()
    {
        using var listener = new StoryBot.Tests.Fakes.Network.ConnectionCounter();
        var port = listener.Port;
        // Handed straight to the processor (the download stage would refuse it first): a playlist of a URL and of a
        // local file that is not ours.
        var input = Path.Combine(_folder, "playlist.download");
        await File.WriteAllTextAsync(input,
            $"#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nhttp://127.0.0.1:{port}/seg0.ts\n#EXT-X-ENDLIST\n");

        // Debian's ffmpeg 5.1 already refuses http segments of a local playlist; -protocol_whitelist file keeps
        // that true for any build the bot is run with.
        try
        {
            await Processor().PrepareAsync(input, MediaKind.Video, CancellationToken.None);
        }
        catch (MediaRejectedException)
        {
        }

        await Task.Delay(200);
        Assert.Equal(0, listener.Connections);
    }
}

internal sealed class SingleLoggerFactory(Microsoft.Extensions.Logging.ILogger logger) : Microsoft.Extensions.Logging.ILoggerFactory
{
    public void AddProvider(Microsoft.Extensions.Logging.ILoggerProvider provider)
    {
    }

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => logger;

    public void Dispose()
    {
    }
}
