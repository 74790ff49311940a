using System.Buffers.Binary;

namespace StoryBot.Core.Media;

public enum ImageFormat
{
    Jpeg,
    Png,
    WebP,
    Other,
}

/// <summary>
/// Reads an image's format and size from its first bytes, without ffmpeg: most story photos are JPEGs that Telegram
/// takes as they are, and they should not wait behind video transcodes for a process slot.
/// </summary>
public sealed record ImageHeader(ImageFormat Format, int Width, int Height)
{
    private const int MaxHeaderBytes = 256 * 1024;

    public static ImageHeader? TryRead(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[(int)Math.Min(MaxHeaderBytes, stream.Length)];
        stream.ReadExactly(buffer);
        return TryRead(buffer);
    }

    public static ImageHeader? TryRead(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 24 && data[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
            return new ImageHeader(ImageFormat.Png, (int)BinaryPrimitives.ReadUInt32BigEndian(data[16..]), (int)BinaryPrimitives.ReadUInt32BigEndian(data[20..]));
        if (data.Length >= 4 && data[0] == 0xFF && data[1] == 0xD8)
            return ReadJpeg(data);
        if (data.Length >= 30 && data[..4].SequenceEqual("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
            return ReadWebP(data);
        return null;
    }

    /// <summary>Walks the JPEG segments to the first start-of-frame marker, which holds the size.</summary>
    private static ImageHeader? ReadJpeg(ReadOnlySpan<byte> data)
    {
        var position = 2;
        while (position + 9 < data.Length)
        {
            if (data[position] != 0xFF)
                return null;
            var marker = data[position + 1];
            if (marker == 0xFF)
            {
                position++;   // fill byte
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 2)..]);
            // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                var height = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 5)..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 7)..]);
                return new ImageHeader(ImageFormat.Jpeg, width, height);
            }

            if (length < 2)
                return null;
            position += 2 + length;
        }

        return null;
    }

    private static ImageHeader? ReadWebP(ReadOnlySpan<byte> data)
    {
        var chunk = data[12..16];
        if (chunk.SequenceEqual("VP8X"u8))
            return new ImageHeader(ImageFormat.WebP, 1 + ReadUInt24(data[24..]), 1 + ReadUInt24(data[27..]));
        if (chunk.SequenceEqual("VP8L"u8))
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[21..]);
            return new ImageHeader(ImageFormat.WebP, (int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }

        if (chunk.SequenceEqual("VP8 "u8))
            return new ImageHeader(ImageFormat.WebP, BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFF);
        return new ImageHeader(ImageFormat.WebP, 0, 0);
    }

    private static int ReadUInt24(ReadOnlySpan<byte> data) => data[0] | (data[1] << 8) | (data[2] << 16);
}
