using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>
/// The file_ids the fake issued, and the photo/video/document objects of new uploads, shaped like Telegram's.
/// Not thread-safe: the server calls it under its lock.
/// </summary>
internal sealed class IssuedFiles
{
    private static long _counter;
    private readonly Dictionary<string, FileRecord> _files = new(StringComparer.Ordinal);

    public FileRecord? Find(string fileId) => _files.GetValueOrDefault(fileId);

    /// <summary>Telegram keeps a ≤320 px preview and the photo scaled to ≤1280 px; every size's id sends the photo.</summary>
    public JsonArray NewPhoto(UploadedFile upload, ImageInfo image)
    {
        var (smallW, smallH) = Fit(image.Width, image.Height, 320);
        var (largeW, largeH) = Fit(image.Width, image.Height, 1280);
        JsonArray sizes =
        [
            Sized(NewFileId("AgAC"), Math.Max(800, smallW * smallH / 12), smallW, smallH),
            Sized(NewFileId("AgAC"), largeW != image.Width ? Math.Max(1000, largeW * largeH / 6) : upload.Length, largeW, largeH),
        ];
        foreach (var size in sizes)
        {
            var id = size!["file_id"]!.GetValue<string>();
            _files[id] = new FileRecord(id, "photo", sizes.DeepClone());
        }

        return sizes;
    }

    public JsonObject NewVideo(MediaItem item)
    {
        var upload = item.Upload!;
        var width = item.Width ?? 0;
        var height = item.Height ?? 0;
        var video = new JsonObject { ["duration"] = item.Duration ?? 0, ["width"] = width, ["height"] = height };
        if (NewThumbnail(item, width, height) is { } thumbnail)
        {
            video["thumbnail"] = thumbnail;
        }

        if (upload.FileName.Length > 0)
        {
            video["file_name"] = upload.FileName;
        }

        video["mime_type"] = "video/mp4";
        return Register("video", video, "BAAC", upload.Length);
    }

    /// <summary>A video Telegram could not take as one.</summary>
    public JsonObject NewDocument(MediaItem item)
    {
        var upload = item.Upload!;
        var document = new JsonObject
        {
            ["file_name"] = upload.FileName.Length > 0 ? upload.FileName : "file",
            ["mime_type"] = Path.GetExtension(upload.FileName).ToLowerInvariant() switch
            {
                ".mov" => "video/quicktime",
                ".webm" => "video/webm",
                ".mkv" => "video/x-matroska",
                _ => "application/octet-stream",
            },
        };
        if (item.Thumbnail is not null && NewThumbnail(item, 0, 0) is { } thumbnail)
        {
            document["thumbnail"] = thumbnail;
        }

        return Register("document", document, "BQAC", upload.Length);
    }

    /// <summary>The uploaded thumbnail if Telegram accepts it (JPEG, ≤ 320 px, &lt; 200 kB), else one made from the video.</summary>
    private JsonObject? NewThumbnail(MediaItem item, int width, int height)
    {
        var image = item.ThumbnailImage;
        if (item.Thumbnail is { } thumbnail && image.Format == ImageFormat.Jpeg && image.HasDimensions
            && image.Width <= 320 && image.Height <= 320 && thumbnail.Length < 200 * 1024)
        {
            return Register("thumbnail", Sized(NewFileId("AAMC"), thumbnail.Length, image.Width, image.Height));
        }

        if (width > 0 && height > 0)
        {
            var (w, h) = Fit(width, height, 320);
            return Register("thumbnail", Sized(NewFileId("AAMC"), Math.Max(1000, w * h / 10), w, h));
        }

        return null;
    }

    private JsonObject Register(string kind, JsonObject json, string? prefix = null, long? size = null)
    {
        if (prefix is not null)
        {
            json["file_id"] = NewFileId(prefix);
            json["file_unique_id"] = NewUniqueId("AgAD");
            json["file_size"] = size;
        }

        var id = json["file_id"]!.GetValue<string>();
        _files[id] = new FileRecord(id, kind, json.DeepClone());
        return json;
    }

    private static JsonObject Sized(string fileId, long size, int width, int height) => new()
    {
        ["file_id"] = fileId,
        ["file_unique_id"] = NewUniqueId("AQAD"),
        ["file_size"] = size,
        ["width"] = width,
        ["height"] = height,
    };

    private static (int Width, int Height) Fit(int width, int height, int box)
    {
        if (width <= box && height <= box)
        {
            return (width, height);
        }

        var scale = (double)box / Math.Max(width, height);
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    private static string NewFileId(string prefix)
    {
        Span<byte> bytes = stackalloc byte[40];
        RandomNumberGenerator.Fill(bytes);
        BitConverter.TryWriteBytes(bytes[^8..], Interlocked.Increment(ref _counter) ^ BitConverter.ToInt64(bytes[..8]));
        return prefix + "AgIAAxkBAAI" + Base64Url.EncodeToString(bytes);
    }

    private static string NewUniqueId(string prefix)
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        BitConverter.TryWriteBytes(bytes[^8..], Interlocked.Increment(ref _counter) ^ ((long)BitConverter.ToInt32(bytes[..4]) << 32));
        return prefix + Base64Url.EncodeToString(bytes);
    }
}
