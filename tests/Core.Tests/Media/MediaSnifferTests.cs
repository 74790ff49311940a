using StoryBot.Core.Media;
using StoryBot.Core.Sources;

namespace StoryBot.Core.Tests.Media;

public class MediaSnifferTests
{
    [Theory]
    [InlineData("FFD8FFE000104A464946", MediaKind.Photo)]                 // JPEG
    [InlineData("89504E470D0A1A0A0000", MediaKind.Photo)]                 // PNG
    [InlineData("524946460000000057454250", MediaKind.Photo)]             // RIFF....WEBP
    [InlineData("0000001C6674797069736F6D", MediaKind.Video)]             // ....ftypisom
    [InlineData("000000186674797068656963", MediaKind.Photo)]             // ....ftypheic
    [InlineData("1A45DFA3A34286810142F7", MediaKind.Video)]               // WebM
    [InlineData("3C21646F63747970652068746D6C3E", null)]                  // "<!doctype html>": an error page
    [InlineData("", null)]
    public void Recognises_formats_by_magic_bytes(string hex, MediaKind? expected) =>
        Assert.Equal(expected, MediaSniffer.Sniff(Convert.FromHexString(hex)));
}
