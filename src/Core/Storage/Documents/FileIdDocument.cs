namespace StoryBot.Core.Storage.Documents;

/// <summary>Telegram's file_id for an item, reusable by every chat: one upload per item. Id = "{platform}|{itemId}".</summary>
internal sealed class FileIdDocument
{
    public string Id { get; set; } = "";
    public string FileId { get; set; } = "";
    public StoryBot.Core.Sources.MediaKind Kind { get; set; }
    public DateTime At { get; set; }
}
