using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;

namespace StoryBot.Tests.Fakes.Media;

/// <summary>What ffprobe says about a file. Codecs are ffprobe's <c>codec_name</c> (h264, hevc, vp9, aac, opus, mjpeg, png);
/// <see cref="FormatName"/> is <c>format_name</c> (e.g. "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "image2").</summary>
public sealed record ProbeResult(
    string? VideoCodec,
    string? AudioCodec,
    int Width,
    int Height,
    double DurationSeconds,
    string? PixelFormat,
    string FormatName,
    bool MoovBeforeMdat);

public static class Ffprobe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs <c>ffprobe -print_format json -show_format -show_streams</c> on the file.</summary>
    public static async Task<ProbeResult> ProbeAsync(string path, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException("File to probe not found.", path);
        var result = await ProcessRunner.RunAsync("ffprobe",
            ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path], Timeout, ct).ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"ffprobe failed (exit {result.ExitCode}) for {path}: {ProcessRunner.Tail(result.StdErr)}");

        using var doc = JsonDocument.Parse(result.StdOut);
        var root = doc.RootElement;
        JsonElement? video = null, audio = null;
        if (root.TryGetProperty("streams", out var streams) && streams.ValueKind == JsonValueKind.Array)
        {
            foreach (var s in streams.EnumerateArray())
            {
                var type = Str(s, "codec_type");
                if (type == "video" && video == null && !IsAttachedPicture(s)) video = s;
                else if (type == "audio" && audio == null) audio = s;
            }
        }
        var format = root.TryGetProperty("format", out var f) ? f : default;
        var formatName = format.ValueKind == JsonValueKind.Object ? Str(format, "format_name") ?? "" : "";
        var duration = Dbl(format, "duration") ?? (video is { } v0 ? Dbl(v0, "duration") : null) ?? 0;
        var isMp4 = formatName.Contains("mp4", StringComparison.Ordinal) || formatName.Contains("mov", StringComparison.Ordinal);
        return new ProbeResult(
            VideoCodec: video is { } v1 ? Str(v1, "codec_name") : null,
            AudioCodec: audio is { } a ? Str(a, "codec_name") : null,
            Width: video is { } v2 ? Int(v2, "width") : 0,
            Height: video is { } v3 ? Int(v3, "height") : 0,
            DurationSeconds: duration,
            PixelFormat: video is { } v4 ? Str(v4, "pix_fmt") : null,
            FormatName: formatName,
            MoovBeforeMdat: isMp4 && MoovBeforeMdat(path));
    }

    /// <summary>Walks the top-level ISO-BMFF boxes; true if a <c>moov</c> box comes before the first <c>mdat</c>
    /// (i.e. "faststart"). False for mdat-first files, files without either box, and non-MP4 files.</summary>
    public static bool MoovBeforeMdat(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var header = new byte[16];
        long pos = 0;
        var len = fs.Length;
        while (pos + 8 <= len)
        {
            fs.Position = pos;
            if (fs.ReadAtLeast(header.AsSpan(0, 8), 8, throwOnEndOfStream: false) < 8) return false;
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = System.Text.Encoding.ASCII.GetString(header, 4, 4);
            var headerSize = 8;
            if (size == 1)
            {
                if (fs.ReadAtLeast(header.AsSpan(8, 8), 8, throwOnEndOfStream: false) < 8) return false;
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8));
                headerSize = 16;
            }
            else if (size == 0)
            {
                size = len - pos; // box extends to end of file
            }
            if (type == "moov") return true;
            if (type == "mdat") return false;
            if (size < headerSize) return false; // corrupt
            pos += size;
        }
        return false;
    }

    private static bool IsAttachedPicture(JsonElement s)
        => s.TryGetProperty("disposition", out var d) && d.TryGetProperty("attached_pic", out var ap) && ap.ValueKind == JsonValueKind.Number && ap.GetInt32() == 1;

    private static string? Str(JsonElement e, string name)
        => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    private static int Int(JsonElement e, string name)
        => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : 0;

    private static double? Dbl(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var p)) return null;
        if (p.ValueKind == JsonValueKind.Number) return p.GetDouble();
        return p.ValueKind == JsonValueKind.String && double.TryParse(p.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }
}
