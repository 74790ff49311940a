namespace StoryBot.Core.Sources;

/// <summary>One photo or video of a story, as a source extracted it from a profile.</summary>
/// <param name="Id">
/// Stable identity used for de-duplication: the site's own id (Snapchat <c>snapId</c>, Instagram <c>pk</c>),
/// never a signed URL, which changes on every fetch.
/// </param>
/// <param name="MediaUrl">Where to download the media; null when the page lacked it (the item is reported, not sent).</param>
/// <param name="Index">Position in the source's list; breaks ties between items sharing a timestamp.</param>
/// <param name="Group">Items of one highlight share a group; null for a plain story.</param>
public sealed record StoryItem(
    string Id,
    MediaKind Kind,
    Uri? MediaUrl,
    DateTimeOffset TakenAt,
    int Index,
    StoryGroup? Group = null)
{
    /// <summary>A video's own poster image as the site shows it (Telegram's cover), when the page gives one.</summary>
    public Uri? PosterUrl { get; init; }
}
