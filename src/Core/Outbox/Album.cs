using StoryBot.Core.Sources;

namespace StoryBot.Core.Outbox;

/// <summary>Up to 10 prepared items sent to one chat as one message group (or one message when alone).</summary>
/// <param name="Part">1-based part number when a story needs several albums.</param>
public sealed record Album(
    long ChatId,
    StoryAccount Account,
    StoryKind Kind,
    StoryGroup? Group,
    int Part,
    int PartCount,
    IReadOnlyList<AlbumEntry> Entries)
{
    /// <summary>The chat, and the topic and message the album answers, if any.</summary>
    public ChatPlace Place { get; init; } = ChatId;
}
