using System.Globalization;

namespace StoryBot.Core.Media.Processing;

/// <summary>
/// A video's thumbnail: one frame from about a second in (the middle of a shorter clip), at most 320 px a side, as
/// a JPEG. It is taken in the same ffmpeg run that remuxes or transcodes the video, since a run of its own costs a
/// process start and, after a transcode, lies on the way to the chat (README "Performance").
/// </summary>
internal sealed record ThumbnailShot(string Path, double AtSeconds)
{
    /// <summary>A thumbnail is at most 320 px a side, keeping the aspect ratio.</summary>
    private static readonly string Filter =
        $"scale={UploadLimits.ThumbnailMaxSide}:{UploadLimits.ThumbnailMaxSide}:force_original_aspect_ratio=decrease";

    public static ThumbnailShot For(string thumbnailPath, double durationSeconds) =>
        new(thumbnailPath, Math.Min(1.0, durationSeconds / 2));

    private string At => AtSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>
    /// The video as an input of its own, read only around the frame: seeking on the input jumps to the keyframe before
    /// it, and reading stops a second later. One decoder thread: frame threads would each hold frames for a single
    /// picture (7-9 MB). Local files only, as every input (<see cref="FfmpegRunner.LocalFilesOnly"/>).
    /// </summary>
    public string[] Input(string videoPath) =>
        ["-threads", "1", .. FfmpegRunner.LocalFilesOnly, "-ss", At, "-t", "1", "-i", videoPath];

    /// <summary>The JPEG output, from input stream <paramref name="stream"/> (e.g. <c>1:v:0</c>).</summary>
    /// <param name="seek">
    /// True when the stream is decoded from the start for another output (a transcode): frames before the shot are
    /// dropped on the output side, with no second decode.
    /// </param>
    /// <param name="quality">ffmpeg's JPEG quality step: 3 looks near-lossless at this size, higher is smaller.</param>
    public string[] Output(string stream, bool seek, int quality = 3) =>
        ["-map", stream, .. seek ? (string[])["-ss", At] : [], "-frames:v", "1", "-vf", Filter, "-pix_fmt", "yuvj420p",
            "-q:v", quality.ToString(CultureInfo.InvariantCulture), "-f", "image2", Path];

    /// <summary>The shot when it was taken and fits Telegram's thumbnail limits (a JPEG under 200 kB).</summary>
    public bool IsUsable() =>
        File.Exists(Path) && new FileInfo(Path).Length is > 0 and <= UploadLimits.ThumbnailMaxBytes &&
        ImageHeader.TryRead(Path) is { Format: ImageFormat.Jpeg };
}
