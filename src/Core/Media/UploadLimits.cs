namespace StoryBot.Core.Media;

/// <summary>
/// What Telegram accepts in an upload (docs/telegram-bot-api.md §7). MB vs MiB is not stated, so the smaller
/// reading is used.
/// </summary>
public static class UploadLimits
{
    public const long MaxPhotoBytes = 10_000_000;
    public const long MaxFileBytes = 50_000_000;
    public const int MaxPhotoDimensionSum = 10_000;
    public const double MaxPhotoAspectRatio = 20;
    public const int ThumbnailMaxSide = 320;
    /// <summary>Telegram wants a thumbnail under 200 kB.</summary>
    public const long ThumbnailMaxBytes = 199_999;

    public static bool PhotoFits(long bytes, int width, int height) =>
        bytes <= MaxPhotoBytes &&
        width > 0 && height > 0 &&
        width + height <= MaxPhotoDimensionSum &&
        (double)Math.Max(width, height) / Math.Min(width, height) <= MaxPhotoAspectRatio;
}
