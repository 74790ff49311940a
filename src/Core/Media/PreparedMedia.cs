using StoryBot.Core.Sources;

namespace StoryBot.Core.Media;

/// <summary>A media file on disk, ready to upload, with what Telegram wants to know about it.</summary>
/// <param name="Width">Display width (after rotation) when known.</param>
/// <param name="DurationSeconds">Whole seconds, rounded, at least 1 so a short clip is not "0 s".</param>
public sealed record PreparedMedia(
    string Path,
    MediaKind Kind,
    int? Width = null,
    int? Height = null,
    int? DurationSeconds = null,
    string? ThumbnailPath = null)
{
    /// <summary>A video's cover: the site's poster (a JPEG Telegram takes as a photo), when there is one.</summary>
    public string? PosterPath { get; init; }

    /// <summary>Deletes the file, its thumbnail and its poster; a file already gone is fine.</summary>
    public void Delete()
    {
        WorkFolder.DeleteFileQuietly(Path);
        if (ThumbnailPath is not null)
            WorkFolder.DeleteFileQuietly(ThumbnailPath);
        if (PosterPath is not null)
            WorkFolder.DeleteFileQuietly(PosterPath);
    }
}
