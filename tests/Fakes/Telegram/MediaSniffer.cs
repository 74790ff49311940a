using System.Buffers.Binary;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>Looks at the bytes, never at file names or content types.</summary>
internal static class MediaSniffer
{
    private const int MaxHeaderBytes = 4 * 1024 * 1024;

    public static ImageInfo ReadImage(string path)
    {
        byte[] data;
        using (var stream = File.OpenRead(path))
        {
            var length = (int)Math.Min(stream.Length, MaxHeaderBytes);
            data = new byte[length];
            stream.ReadExactly(data);
        }

        return ReadImage(data);
    }

    public static ImageInfo ReadImage(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            var (w, h) = JpegSize(data);
            return new ImageInfo(ImageFormat.Jpeg, w, h);
        }

        if (data.Length >= 8 && data[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            if (data.Length >= 24 && data.Slice(12, 4).SequenceEqual("IHDR"u8))
            {
                var w = BinaryPrimitives.ReadInt32BigEndian(data.Slice(16, 4));
                var h = BinaryPrimitives.ReadInt32BigEndian(data.Slice(20, 4));
                return new ImageInfo(ImageFormat.Png, Math.Max(w, 0), Math.Max(h, 0));
            }

            return new ImageInfo(ImageFormat.Png, 0, 0);
        }

        if (data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            var (w, h) = WebPSize(data);
            return new ImageInfo(ImageFormat.WebP, w, h);
        }

        return new ImageInfo(ImageFormat.None, 0, 0);
    }

    private static (int Width, int Height) JpegSize(ReadOnlySpan<byte> data)
    {
        var i = 2;
        while (i + 3 < data.Length)
        {
            if (data[i] != 0xFF)
            {
                return (0, 0);
            }

            var marker = data[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2;
                continue;
            }

            if (marker is 0xD9 or 0xDA)
            {
                return (0, 0);
            }

            var segmentLength = (data[i + 2] << 8) | data[i + 3];
            if (segmentLength < 2)
            {
                return (0, 0);
            }

            var isStartOfFrame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (isStartOfFrame)
            {
                if (i + 9 > data.Length)
                {
                    return (0, 0);
                }

                var height = (data[i + 5] << 8) | data[i + 6];
                var width = (data[i + 7] << 8) | data[i + 8];
                return (width, height);
            }

            i += 2 + segmentLength;
        }

        return (0, 0);
    }

    private static (int Width, int Height) WebPSize(ReadOnlySpan<byte> data)
    {
        if (data.Length < 30)
        {
            return (0, 0);
        }

        var chunk = data.Slice(12, 4);
        if (chunk.SequenceEqual("VP8 "u8))
        {
            // frame tag (3) + start code 9D 01 2A (3), then 14-bit width/height.
            if (data[23] != 0x9D || data[24] != 0x01 || data[25] != 0x2A)
            {
                return (0, 0);
            }

            var w = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(26, 2)) & 0x3FFF;
            var h = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(28, 2)) & 0x3FFF;
            return (w, h);
        }

        if (chunk.SequenceEqual("VP8L"u8))
        {
            if (data[20] != 0x2F)
            {
                return (0, 0);
            }

            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(21, 4));
            var w = (int)(bits & 0x3FFF) + 1;
            var h = (int)((bits >> 14) & 0x3FFF) + 1;
            return (w, h);
        }

        if (chunk.SequenceEqual("VP8X"u8))
        {
            var w = (data[24] | (data[25] << 8) | (data[26] << 16)) + 1;
            var h = (data[27] | (data[28] << 8) | (data[29] << 16)) + 1;
            return (w, h);
        }

        return (0, 0);
    }

    /// <summary>ISO base media file (MP4/MOV): the first box is ftyp (or, for odd muxers, moov/mdat/free/wide/skip).</summary>
    public static bool LooksLikeMp4(string path)
    {
        Span<byte> head = stackalloc byte[12];
        using var stream = File.OpenRead(path);
        if (stream.Length < 12)
        {
            return false;
        }

        stream.ReadExactly(head);
        var box = head.Slice(4, 4);
        return box.SequenceEqual("ftyp"u8) || box.SequenceEqual("moov"u8) || box.SequenceEqual("mdat"u8)
            || box.SequenceEqual("free"u8) || box.SequenceEqual("wide"u8) || box.SequenceEqual("skip"u8);
    }
}
