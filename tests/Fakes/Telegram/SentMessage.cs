namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>
/// A message the bot successfully sent: <paramref name="Kind"/> is "text", "photo", "video" or "document" (a video
/// Telegram did not take as one). <paramref name="Text"/>/<paramref name="Caption"/> are exactly as sent.
/// <paramref name="Width"/>/<paramref name="Height"/>/<paramref name="Duration"/>/<paramref name="SupportsStreaming"/> are
/// the request's parameters (null = not sent). <paramref name="FileId"/> is "" for text messages; for photos it is the
/// file_id of the largest size. <paramref name="Upload"/>/<paramref name="Thumbnail"/> are null when sent by file_id.
/// </summary>
public sealed record SentMessage(
    long ChatId,
    int MessageId,
    string Kind,
    string? Text,
    string? Caption,
    string? MediaGroupId,
    string FileId,
    UploadedFile? Upload,
    UploadedFile? Thumbnail,
    int? Width,
    int? Height,
    int? Duration,
    bool SupportsStreaming)
{
    /// <summary>The inline keyboard it was sent with (rows flattened); empty for none.</summary>
    public IReadOnlyList<ButtonSpec> Buttons { get; init; } = [];

    /// <summary>The cover uploaded with a video (null: none, or sent by file_id).</summary>
    public UploadedFile? Cover { get; init; }
}
