namespace StoryBot.Core.Sources.Snapchat;

/// <summary>One spotlight as its own page (<c>/spotlight/{id}</c>) shows it.</summary>
/// <param name="Creator">The creator's username (<c>videoMetadata.creator.personCreator.username</c>), when given.</param>
/// <param name="UploadedAtMs">Unix milliseconds (<c>videoMetadata.uploadDateMs</c>).</param>
/// <param name="ContentUrl">The video as <c>videoMetadata.contentUrl</c> gives it, for a snap without a media URL.</param>
public sealed record SnapchatSpotlight(
    string Id,
    string? Creator,
    string? Title,
    long? UploadedAtMs,
    string? ContentUrl,
    IReadOnlyList<SnapchatSnap> Snaps);
