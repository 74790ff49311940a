using StoryBot.Core.Pipeline;

namespace StoryBot.Core.Media;

/// <summary>Telegram cannot take this item, even after conversion; the chat is told why.</summary>
public sealed class MediaRejectedException(FailureReason reason, string detail) : Exception(detail)
{
    public FailureReason Reason { get; } = reason;
}
