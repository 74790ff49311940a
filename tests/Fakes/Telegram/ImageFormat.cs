namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>The image formats Telegram takes as photos, as <see cref="MediaSniffer"/> recognises them.</summary>
internal enum ImageFormat
{
    None,
    Jpeg,
    Png,
    WebP,
}
