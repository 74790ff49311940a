namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>An image's format and size as read from its header; 0 × 0 when the header does not say.</summary>
internal readonly record struct ImageInfo(ImageFormat Format, int Width, int Height)
{
    public bool HasDimensions => Width > 0 && Height > 0;
}
