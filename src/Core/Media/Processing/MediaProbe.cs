using System.Globalization;
using System.Text.Json;

namespace StoryBot.Core.Media.Processing;

/// <summary>What ffprobe says about a file.</summary>
public sealed record MediaProbe(
    string FormatName,
    string? VideoCodec,
    string? AudioCodec,
    string? PixelFormat,
    int Width,
    int Height,
    double DurationSeconds,
    int Rotation)
{
    public bool IsMp4 => FormatName.Split(',').Contains("mp4");

    /// <summary>Runs ffprobe with JSON output and reads the first video and audio streams.</summary>
    public static async Task<MediaProbe> ReadAsync(
        string ffprobePath, string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(
            ffprobePath,
            ["-v", "error", .. FfmpegRunner.LocalFilesOnly, "-print_format", "json", "-show_format", "-show_streams", path],
            timeout,
            cancellationToken);
        if (result.ExitCode != 0)
            throw new MediaProcessingException($"ffprobe failed: {result.StandardErrorTail}");
        return Parse(result.StandardOutput);
    }

    internal static MediaProbe Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var streams = root.TryGetProperty("streams", out var s) && s.ValueKind == JsonValueKind.Array
            ? s.EnumerateArray().ToList()
            : [];
        var video = streams.FirstOrDefault(stream => Text(stream, "codec_type") == "video" && !IsAttachedPicture(stream));
        var audio = streams.FirstOrDefault(stream => Text(stream, "codec_type") == "audio");
        var format = root.TryGetProperty("format", out var f) ? f : default;

        var duration = Number(format, "duration") ?? (video.ValueKind != JsonValueKind.Undefined ? Number(video, "duration") : null) ?? 0;
        return new MediaProbe(
            Text(format, "format_name") ?? "",
            video.ValueKind == JsonValueKind.Undefined ? null : Text(video, "codec_name"),
            audio.ValueKind == JsonValueKind.Undefined ? null : Text(audio, "codec_name"),
            video.ValueKind == JsonValueKind.Undefined ? null : Text(video, "pix_fmt"),
            video.ValueKind == JsonValueKind.Undefined ? 0 : (int)(Number(video, "width") ?? 0),
            video.ValueKind == JsonValueKind.Undefined ? 0 : (int)(Number(video, "height") ?? 0),
            duration,
            video.ValueKind == JsonValueKind.Undefined ? 0 : ReadRotation(video));
    }

    /// <summary>Rotation from the display matrix side data (current ffmpeg) or the legacy rotate tag.</summary>
    private static int ReadRotation(JsonElement video)
    {
        if (video.TryGetProperty("side_data_list", out var sideData) && sideData.ValueKind == JsonValueKind.Array)
            foreach (var entry in sideData.EnumerateArray())
                if (Number(entry, "rotation") is { } rotation)
                    return (int)rotation;
        if (video.TryGetProperty("tags", out var tags) && Number(tags, "rotate") is { } rotate)
            return (int)rotate;
        return 0;
    }

    private static bool IsAttachedPicture(JsonElement stream) =>
        stream.TryGetProperty("disposition", out var disposition) && Number(disposition, "attached_pic") == 1;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static double? Number(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
            return null;
        if (value.ValueKind == JsonValueKind.Number)
            return value.GetDouble();
        return value.ValueKind == JsonValueKind.String &&
               double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
    }
}
