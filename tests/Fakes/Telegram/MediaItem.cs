namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>One photo or video to send (sendPhoto/sendVideo, or one item of an album), as requested and as inspected.</summary>
internal sealed class MediaItem
{
    public required MediaKind Requested { get; init; }

    /// <summary>A new upload; null when the item is sent by <see cref="FileId"/>.</summary>
    public UploadedFile? Upload { get; init; }

    public string? FileId { get; init; }

    /// <summary>What <see cref="FileId"/> refers to, once resolved.</summary>
    public FileRecord? Existing { get; set; }

    public UploadedFile? Thumbnail { get; init; }

    /// <summary>The video's cover (Bot API 8.3): a photo shown before it plays; only uploads are implemented.</summary>
    public UploadedFile? Cover { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public int? Duration { get; init; }
    public bool SupportsStreaming { get; init; }

    /// <summary>The caption as sent; Telegram shows it trimmed.</summary>
    public string? Caption { get; init; }

    /// <summary>caption_entities as sent, checked against <see cref="Caption"/>.</summary>
    public System.Text.Json.Nodes.JsonNode? CaptionEntities { get; init; }

    public ImageInfo Image { get; set; }
    public bool IsMp4 { get; set; }
    public ImageInfo ThumbnailImage { get; set; }

    public string ShownCaption => Caption?.Trim() ?? "";

    /// <summary>The request field, and the kind of file_id this item needs.</summary>
    public string KindName => Requested == MediaKind.Photo ? "photo" : "video";

    /// <summary>A video upload Telegram cannot play (not MP4) arrives as a document.</summary>
    public string ResultKind => Requested == MediaKind.Photo ? "photo" : Existing is not null || IsMp4 ? "video" : "document";
}
