namespace StoryBot.Core.Media;

/// <summary>Telegram cannot take this item, even after conversion; the chat is told why.</summary>
public sealed class MediaRejectedException(MediaFailure reason, string detail) : Exception(detail)
{
    public MediaFailure Reason { get; } = reason;
}
