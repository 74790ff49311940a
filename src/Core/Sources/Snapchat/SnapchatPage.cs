namespace StoryBot.Core.Sources.Snapchat;

/// <summary>What a Snapchat profile page holds, read from its <c>__NEXT_DATA__</c> JSON.</summary>
/// <param name="Profile">Null when the page has no <c>userProfile</c>: the user does not exist.</param>
/// <param name="Story">Null when there is no current story (absent, <c>null</c> or an empty <c>snapList</c>).</param>
public sealed record SnapchatPage(
    SnapchatProfile? Profile,
    IReadOnlyList<SnapchatSnap>? Story,
    IReadOnlyList<SnapchatHighlight> Highlights,
    IReadOnlyList<SnapchatHighlight> Spotlights);

/// <param name="IsPublic">False for <c>$case: userInfo</c>: an ordinary account that never has a public web story.</param>
public sealed record SnapchatProfile(string? Username, string? DisplayName, bool IsPublic);

/// <param name="Id">highlightId (curated, newer pages) or storyId (spotlights); absent on 2021 pages.</param>
/// <param name="ThumbnailUrl">The cover image; its CDN id identifies a highlight that has no id of its own.</param>
public sealed record SnapchatHighlight(string? Id, string? Title, string? ThumbnailUrl, IReadOnlyList<SnapchatSnap> Snaps);

/// <param name="SnapId">Empty in curated highlights.</param>
/// <param name="MediaType">0 = image, 1 = video; anything else is kept so the caller can decide.</param>
public sealed record SnapchatSnap(int Index, string SnapId, int? MediaType, string? MediaUrl, long? TimestampSeconds)
{
    /// <summary><c>snapUrls.mediaPreviewUrl.value</c>: the snap's poster image (absent for some snaps).</summary>
    public string? PreviewUrl { get; init; }
}
