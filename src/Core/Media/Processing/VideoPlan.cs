using System.Globalization;

namespace StoryBot.Core.Media.Processing;

/// <summary>How a video becomes one Telegram plays inline, and the ffmpeg arguments for it.</summary>
/// <param name="VideoKbps">The video bitrate when the file must be fitted under the upload limit.</param>
internal sealed record VideoPlan(VideoMode Mode, int VideoKbps = 0, bool Audio = true)
{
    /// <summary>Room left under 50 MB for container overhead and bitrate overshoot.</summary>
    private const double SizeSafetyMargin = 0.90;
    private const int AudioBitrateKbps = 128;
    private const int MinVideoBitrateKbps = 150;

    /// <summary>Telegram plays H.264 in MP4 inline; only the moov atom may need moving to the front.</summary>
    internal static bool CanRemux(MediaProbe probe) =>
        probe.IsMp4 &&
        probe.VideoCodec == "h264" &&
        probe.PixelFormat is null or "yuv420p" or "yuvj420p" &&
        probe.AudioCodec is null or "aac" &&
        probe.Width % 2 == 0 && probe.Height % 2 == 0 &&
        probe.Rotation % 360 == 0;

    public static VideoPlan For(MediaProbe source, long bytes, long maxBytes, bool forceFit = false)
    {
        if (!forceFit && bytes <= maxBytes)
            return new VideoPlan(CanRemux(source) ? VideoMode.Remux : VideoMode.Transcode, Audio: source.AudioCodec is not null);
        if (source.DurationSeconds <= 0)
            throw new MediaRejectedException(MediaFailure.TooLarge, $"over {maxBytes} bytes with an unknown duration");

        var audioKbps = source.AudioCodec is null ? 0 : AudioBitrateKbps;
        var totalKbps = maxBytes * SizeSafetyMargin * 8 / 1000 / source.DurationSeconds;
        var videoKbps = (int)(totalKbps - audioKbps);
        if (videoKbps < MinVideoBitrateKbps)
            throw new MediaRejectedException(MediaFailure.TooLarge, $"{source.DurationSeconds:0}s is too long to fit {maxBytes} bytes at a watchable bitrate");
        return new VideoPlan(VideoMode.FitSize, videoKbps, source.AudioCodec is not null);
    }

    /// <summary>
    /// A fitted encode that still came out over the limit: single-pass rate control overshoots on short or noisy
    /// clips (a 3 s clip of noise came out 13 % over its bitrate), so aim lower by as much as it missed.
    /// </summary>
    public VideoPlan Tightened(long outputBytes, long maxBytes)
    {
        var videoKbps = (int)(VideoKbps * (double)maxBytes / outputBytes * SizeSafetyMargin);
        if (videoKbps < MinVideoBitrateKbps)
            throw new MediaRejectedException(MediaFailure.TooLarge, $"{outputBytes} bytes after re-encoding");
        return this with { VideoKbps = videoKbps };
    }

    /// <summary>
    /// The ffmpeg arguments (after the global ones) that turn <paramref name="input"/> into a faststart MP4, and
    /// take <paramref name="thumbnail"/> in the same run when given.
    /// </summary>
    /// <param name="encoderThreads">x264's threads (Pipeline:EncoderThreads); 0 lets x264 choose.</param>
    public List<string> Arguments(string input, string output, int encoderThreads = 0, ThumbnailShot? thumbnail = null)
    {
        List<string> arguments = [];
        if (Mode == VideoMode.Remux)
        {
            // A stream copy decodes nothing, so the thumbnail reads the file again as a second input, only around
            // its frame: as a second output of the copy's own input, ffmpeg 5 decoded the whole video for it.
            arguments.AddRange(["-i", input]);
            if (thumbnail is not null)
                arguments.AddRange(thumbnail.Input(input));
            arguments.AddRange(["-c", "copy"]);
        }
        else
        {
            // The memory of a transcode is mostly x264's frames in flight (issue #13, README "Performance"): a single
            // decoder thread, since frame threads each hold reference frames (7 MB at 720×1280 HEVC) and decoding
            // takes a fraction of the encode's time; x264's threads as configured; and no frames buffered between
            // x264's lookahead and its encoder threads (sync-lookahead=0: 13 MB, the same bitstream).
            arguments.AddRange(["-threads", "1", "-i", input]);
            // ffmpeg applies rotation metadata while decoding (autorotate), so the output is upright.
            // Even dimensions are required by yuv420p H.264; scaling to them keeps the aspect ratio.
            arguments.AddRange(["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-profile:v", "high",
                "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2"]);
            if (encoderThreads > 0)
                arguments.AddRange(["-threads:v", encoderThreads.ToString(CultureInfo.InvariantCulture)]);
            arguments.AddRange(["-x264-params", "sync-lookahead=0"]);
            arguments.AddRange(Mode == VideoMode.FitSize
                ? ["-b:v", $"{VideoKbps}k", "-maxrate", $"{VideoKbps}k", "-bufsize", $"{VideoKbps}k"]
                : ["-crf", "23"]);
            if (Audio)
                arguments.AddRange(["-c:a", "aac", "-b:a", $"{AudioBitrateKbps}k"]);
        }

        arguments.AddRange(["-map", "0:v:0", "-map", "0:a:0?", "-map_metadata", "-1", "-movflags", "faststart", "-f", "mp4", output]);
        // A transcode decodes every frame anyway (upright, as autorotate applies to all outputs): the thumbnail is
        // one of them, at no cost.
        if (thumbnail is not null)
            arguments.AddRange(Mode == VideoMode.Remux ? thumbnail.Output("1:v:0", seek: false) : thumbnail.Output("0:v:0", seek: true));
        return arguments;
    }
}
