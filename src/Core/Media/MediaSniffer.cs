using StoryBot.Core.Sources;

namespace StoryBot.Core.Media;

/// <summary>
/// Looks at a file's first bytes. CDN URLs carry no real extension and the page's media type has been wrong in
/// other tools, so the bytes are the second opinion.
/// </summary>
public static class MediaSniffer
{
    public static MediaKind? Sniff(string path)
    {
        Span<byte> head = stackalloc byte[16];
        int read;
        using (var stream = File.OpenRead(path))
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Sniff(head[..read]);
    }

    public static MediaKind? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ||                       // JPEG
            head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) ||  // PNG
            (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)))
            return MediaKind.Photo;

        if (head.Length >= 8 && head[4..8].SequenceEqual("ftyp"u8))
        {
            // HEIC/AVIF images are ISO-BMFF too; their brand says so.
            var brand = head.Length >= 12 ? head[8..12] : default;
            return brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) ||
                   brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("avif"u8)
                ? MediaKind.Photo
                : MediaKind.Video;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))                   // Matroska / WebM
            return MediaKind.Video;

        return null;
    }
}
