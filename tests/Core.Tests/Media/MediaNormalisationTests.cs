using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StoryBot.Core;
using StoryBot.Core.Media;
using StoryBot.Core.Media.Processing;
using StoryBot.Core.Sources;
using StoryBot.Tests.Fakes.Media;

namespace StoryBot.Core.Tests.Media;

/// <summary>
/// Whatever the sites serve, what leaves the process stage is something Telegram shows and plays inline:
/// real inputs made with ffmpeg, real outputs checked with ffprobe against Telegram's limits.
/// </summary>
[Collection(FfmpegCollection.Name)]
public sealed class MediaNormalisationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("storybot-norm-").FullName;
    private readonly MediaProcessor _processor = new(
        new FfmpegToolchain(NullLogger<FfmpegToolchain>.Instance),
        Options.Create(new PipelineOptions { FfmpegTimeout = TimeSpan.FromMinutes(2) }),
        NullLogger<MediaProcessor>.Instance);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Makes an input with ffmpeg in this test's folder, named like a download.</summary>
    private async Task<string> MakeAsync(string name, params string[] arguments)
    {
        var path = Path.Combine(_folder, name);
        var result = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-y", .. arguments, path], TimeSpan.FromMinutes(2), CancellationToken.None);
        Assert.True(result.ExitCode == 0, result.StandardErrorTail);
        var download = Path.Combine(_folder, Path.GetFileNameWithoutExtension(name) + ".download");
        File.Move(path, download);
        return download;
    }

    private string Copy(string source)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".download");
        File.Copy(source, path);
        return path;
    }

    /// <summary>Everything Telegram needs for inline playback, checked on the real output.</summary>
    private static async Task<ProbeResult> AssertPlayableAsync(PreparedMedia media, int width, int height, double seconds)
    {
        var probe = await Ffprobe.ProbeAsync(media.Path);
        Assert.Equal("h264", probe.VideoCodec);
        Assert.Equal("yuv420p", probe.PixelFormat);
        Assert.True(probe.AudioCodec is null or "aac", probe.AudioCodec);
        Assert.True(probe.MoovBeforeMdat, "faststart: moov before mdat");
        Assert.Equal((width, height), (probe.Width, probe.Height));
        Assert.InRange(probe.DurationSeconds, seconds - 0.5, seconds + 0.5);
        Assert.True(new FileInfo(media.Path).Length <= UploadLimits.MaxFileBytes);
        Assert.Equal((width, height), (media.Width, media.Height));
        Assert.Equal((int)Math.Round(seconds), media.DurationSeconds);

        Assert.NotNull(media.ThumbnailPath);
        var thumbnail = ImageHeader.TryRead(media.ThumbnailPath);
        Assert.NotNull(thumbnail);
        Assert.Equal(ImageFormat.Jpeg, thumbnail.Format);
        Assert.True(thumbnail.Width <= 320 && thumbnail.Height <= 320, $"{thumbnail.Width}x{thumbnail.Height}");
        Assert.True(new FileInfo(media.ThumbnailPath).Length < 200_000);
        // The thumbnail keeps the video's shape.
        Assert.InRange((double)thumbnail.Width / thumbnail.Height, (double)width / height * 0.95, (double)width / height * 1.05);
        return probe;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Good_h264_is_remuxed_fast_keeping_the_bitstream(bool faststart)
    {
        var input = Copy(await TestMedia.H264Mp4Async(720, 1280, 4, faststart));
        var sourceHash = await VideoStreamHashAsync(input);

        var media = await _processor.PrepareAsync(input, MediaKind.Video, CancellationToken.None);

        await AssertPlayableAsync(media, 720, 1280, 4);
        Assert.Equal(sourceHash, await VideoStreamHashAsync(media.Path));
    }

    [Fact]
    public async Task Hevc_and_vp9_are_transcoded()
    {
        var hevc = await _processor.PrepareAsync(Copy(await TestMedia.HevcMp4Async(720, 1280, 3)), MediaKind.Video, CancellationToken.None);
        await AssertPlayableAsync(hevc, 720, 1280, 3);

        var vp9 = await _processor.PrepareAsync(Copy(await TestMedia.Vp9WebmAsync(480, 854, 3)), MediaKind.Video, CancellationToken.None);
        var probe = await AssertPlayableAsync(vp9, 480, 854, 3);
        Assert.Equal("aac", probe.AudioCodec);
    }

    [Fact]
    public async Task Rotation_metadata_is_applied_so_the_picture_is_upright()
    {
        // A phone video: stored landscape 1280x720 with a display matrix saying "turn it 90°".
        var stored = await TestMedia.H264Mp4Async(1280, 720, 2);
        var input = await MakeAsync("rotated.mp4", "-i", stored, "-c", "copy", "-metadata:s:v:0", "rotate=90");
        Assert.NotEqual(0, (await MediaProbe.ReadAsync("ffprobe", input, TimeSpan.FromSeconds(30), CancellationToken.None)).Rotation);

        var media = await _processor.PrepareAsync(input, MediaKind.Video, CancellationToken.None);

        await AssertPlayableAsync(media, 720, 1280, 2);
        var output = await MediaProbe.ReadAsync("ffprobe", media.Path, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(0, output.Rotation);   // baked in, no metadata left for a client to misread
    }

    [Fact]
    public async Task Odd_sizes_and_non_420_pixels_are_made_even_4_2_0_without_changing_the_shape()
    {
        var input = await MakeAsync("odd.mp4", "-f", "lavfi", "-i", "testsrc=size=721x1281:rate=30", "-t", "2",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv444p");

        var media = await _processor.PrepareAsync(input, MediaKind.Video, CancellationToken.None);

        await AssertPlayableAsync(media, 720, 1280, 2);
    }

    [Fact]
    public async Task A_video_over_50_mb_is_re_encoded_to_fit()
    {
        // Constant 40 Mbit/s with filler: 12 s is about 60 MB, made in seconds.
        var input = await MakeAsync("big.mp4", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i", "sine=frequency=440",
            "-t", "12", "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "40M", "-minrate", "40M", "-maxrate", "40M", "-bufsize", "4M",
            "-x264-params", "nal-hrd=cbr:force-cfr=1", "-c:a", "aac", "-shortest");
        Assert.True(new FileInfo(input).Length > UploadLimits.MaxFileBytes, $"input is {new FileInfo(input).Length} bytes");

        var media = await _processor.PrepareAsync(input, MediaKind.Video, CancellationToken.None);

        await AssertPlayableAsync(media, 1280, 720, 12);
        Assert.InRange(new FileInfo(media.Path).Length, 20_000_000, UploadLimits.MaxFileBytes);   // fitted, not crushed
    }

    [Fact]
    public async Task A_video_that_cannot_fit_50_mb_is_rejected_with_a_reason()
    {
        // 50 MB over 45 minutes is under the 150 kbit/s floor: not worth sending. Faked with a tiny, long file
        // that claims to be big: padded past 50 MB with a trailing junk box that ffprobe ignores.
        var input = await MakeAsync("long.mp4", "-f", "lavfi", "-i", "color=c=black:size=64x64:rate=1", "-t", "2700", "-c:v", "libx264", "-preset", "ultrafast");
        await using (var stream = new FileStream(input, FileMode.Append))
        {
            var header = new byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header, 51_000_008);
            "free"u8.CopyTo(header.AsSpan(4));
            await stream.WriteAsync(header);
            stream.SetLength(stream.Length + 51_000_000);
        }

        var ex = await Assert.ThrowsAsync<MediaRejectedException>(() => _processor.PrepareAsync(input, MediaKind.Video, CancellationToken.None));
        Assert.Equal(MediaFailure.TooLarge, ex.Reason);
    }

    [Fact]
    public async Task A_good_jpeg_is_left_byte_identical()
    {
        var input = Copy(await TestMedia.JpegAsync(1080, 1920));
        var before = SHA256.HashData(File.ReadAllBytes(input));

        var media = await _processor.PrepareAsync(input, MediaKind.Photo, CancellationToken.None);

        Assert.Equal(input, media.Path);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(media.Path)));
        Assert.True(MediaProcessor.IsSendablePhoto(input));
    }

    [Theory]
    [InlineData("webp", 1080, 1920, 1080, 1920)]
    [InlineData("png", 1080, 1920, 1080, 1920)]
    [InlineData("png", 12000, 600, 9520, 476)]       // width + height over 10000: scaled to fit, shape kept
    [InlineData("png", 12000, 400, 9520, 476)]       // 30:1 is over the 20:1 limit: padded to 20:1, then scaled
    public async Task Other_images_become_jpegs_within_telegrams_limits(string format, int width, int height, int expectedWidth, int expectedHeight)
    {
        var input = format == "png" && width == 1080
            ? Copy(await TestMedia.PngAsync(width, height))
            : await MakeAsync($"image.{format}", "-f", "lavfi", "-i", $"testsrc=size={width}x{height}", "-frames:v", "1");
        Assert.False(MediaProcessor.IsSendablePhoto(input));

        var media = await _processor.PrepareAsync(input, MediaKind.Photo, CancellationToken.None);

        var header = ImageHeader.TryRead(media.Path);
        Assert.NotNull(header);
        Assert.Equal(ImageFormat.Jpeg, header.Format);
        Assert.Equal((expectedWidth, expectedHeight), (header.Width, header.Height));
        Assert.True(UploadLimits.PhotoFits(new FileInfo(media.Path).Length, header.Width, header.Height));
        Assert.False(File.Exists(input), "the original is deleted once converted");
    }

    [Fact]
    public async Task A_photo_ffmpeg_cannot_read_is_rejected_as_unconvertible()
    {
        var input = Path.Combine(_folder, "heic.download");
        await File.WriteAllBytesAsync(input, [0, 0, 0, 0x18, .. "ftypheic"u8, 0, 0, 0, 0, .. "mif1heic"u8, 1, 2, 3]);

        var ex = await Assert.ThrowsAsync<MediaRejectedException>(() => _processor.PrepareAsync(input, MediaKind.Photo, CancellationToken.None));
        Assert.Equal(MediaFailure.Unconvertible, ex.Reason);
    }

    private static async Task<string> VideoStreamHashAsync(string path)
    {
        var result = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-i", path, "-map", "0:v:0", "-c", "copy", "-f", "md5", "-"], TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(0, result.ExitCode);
        return result.StandardOutput.Trim();
    }
}
