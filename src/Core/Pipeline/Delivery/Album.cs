using StoryBot.Core.Media;
using StoryBot.Core.Sources;

namespace StoryBot.Core.Pipeline.Delivery;

/// <summary>Up to 10 prepared items sent to one chat as one message group (or one message when alone).</summary>
/// <param name="Part">1-based part number when a story needs several albums.</param>
public sealed record Album(
    long ChatId,
    StoryAccount Account,
    StoryKind Kind,
    StoryGroup? Group,
    int Part,
    int PartCount,
    IReadOnlyList<AlbumEntry> Entries);

/// <param name="FileId">When set, Telegram already has the file: send it by id instead of uploading.</param>
public sealed record AlbumEntry(StoryItem Item, PreparedMedia Media, string? FileId = null);
