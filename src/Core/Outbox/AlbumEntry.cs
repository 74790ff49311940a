using StoryBot.Core.Media;
using StoryBot.Core.Sources;

namespace StoryBot.Core.Outbox;

/// <summary>One item of an album: sent by <see cref="FileId"/> when Telegram already has it, else uploaded from <see cref="File"/>.</summary>
/// <param name="Kind">What the item is sent as (the bytes decide; a page can announce a video as a photo).</param>
public sealed record AlbumEntry(StoryItem Item, MediaKind Kind, PreparedMedia? File, string? FileId)
{
    public static AlbumEntry Upload(StoryItem item, PreparedMedia file) => new(item, file.Kind, file, null);

    public static AlbumEntry ById(StoryItem item, MediaKind kind, string fileId, PreparedMedia? file = null) => new(item, kind, file, fileId);
}
