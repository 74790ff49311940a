using StoryBot.Core.Sources;

namespace StoryBot.Core.Media;

/// <summary>A media file on disk, ready to upload, with what Telegram wants to know about it.</summary>
/// <param name="Width">Display width (after rotation) when known.</param>
/// <param name="FileId">Set when Telegram already has this file (sent before): <paramref name="Path"/> is then empty.</param>
/// <param name="DurationSeconds">Whole seconds, rounded, at least 1 so a short clip is not "0 s".</param>
public sealed record PreparedMedia(
    string Path,
    MediaKind Kind,
    int? Width = null,
    int? Height = null,
    int? DurationSeconds = null,
    string? ThumbnailPath = null,
    string? FileId = null);
