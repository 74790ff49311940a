namespace StoryBot.Core.Media;

/// <summary>Why an item's media could not be made ready to send.</summary>
public enum MediaFailure
{
    HostNotAllowed,
    DownloadFailed,

    /// <summary>Over Telegram's upload limits even after re-encoding.</summary>
    TooLarge,

    /// <summary>A format Telegram cannot show that could not be converted.</summary>
    Unconvertible,
    Cancelled,

    /// <summary>
    /// Something on our side failed, not the item: a full disk, ffmpeg missing or too slow under load. It costs the
    /// item no attempt and it comes again with the next poll.
    /// </summary>
    LocalFault,
}
