namespace StoryBot.Core.Outbox;

public enum FailureReason
{
    NoMediaLink,
    HostNotAllowed,
    DownloadFailed,
    SendRefused,

    /// <summary>Over Telegram's upload limits even after re-encoding (e.g. a video too long for 50 MB).</summary>
    TooLarge,

    /// <summary>A format Telegram cannot show that could not be converted.</summary>
    Unconvertible,
    ChatUnreachable,

    /// <summary>Telegram kept answering "wait" (429), or not at all, longer than a request may wait.</summary>
    TelegramBusy,
    Cancelled,

    /// <summary>Our side failed (a full disk, ffmpeg missing or too slow): not the item's fault, tried again later.</summary>
    LocalFault,
}
