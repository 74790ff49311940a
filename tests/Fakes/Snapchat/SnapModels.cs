namespace StoryBot.Tests.Fakes.Snapchat;

/// <summary>How <c>props.pageProps.story</c> is rendered (docs/snapchat-web.md §4.4).</summary>
public enum StoryForm
{
    /// <summary><c>story</c> object with <c>snapList</c> = the profile's <see cref="SnapProfile.Snaps"/> (may still be empty).</summary>
    Present,
    /// <summary>No <c>story</c> key at all (2021 form).</summary>
    Absent,
    /// <summary><c>"story": null</c> (since ~Feb 2025).</summary>
    Null,
    /// <summary><c>story</c> object with <c>"snapList": []</c>, whatever <see cref="SnapProfile.Snaps"/> holds.</summary>
    EmptyList,
}

/// <summary>Raw page scenarios (docs/snapchat-web.md §6).</summary>
public enum SnapPage
{
    /// <summary>404 with the Next.js not-found shell (<c>__NEXT_DATA__</c> without <c>userProfile</c>, pageType "NOT_FOUND").</summary>
    NotFound404,
    /// <summary>Same not-found shell, but HTTP 200 (WhatsMyName observation).</summary>
    NotFound200,
    /// <summary>403 with the tiny blocked page of Oct 2024.</summary>
    Blocked403,
    /// <summary>200, full page shell, but no <c>__NEXT_DATA__</c> script.</summary>
    NoNextData,
    /// <summary>200, the <c>__NEXT_DATA__</c> tag is present but its JSON is cut in the middle.</summary>
    BrokenJson,
    /// <summary>500 with the Next.js error page (which has its own <c>__NEXT_DATA__</c>, page "/_error").</summary>
    ServerError500,
    /// <summary>200 and the page's headers, then its first kilobyte, then nothing more until the client gives up.</summary>
    StallAfterFirstKilobyte,
}

/// <summary>One scenario of a public profile page.</summary>
/// <remarks>
/// Rendering rules: <see cref="IsPublic"/> = false renders <c>$case: "userInfo"</c>, no story (absent, or null when
/// <see cref="StoryForm"/> is <see cref="StoryForm.Null"/>) and empty highlight/spotlight lists, as the real site
/// does; Snaps/Highlights/Spotlights are then ignored. Snaps inside <see cref="Highlights"/> are always rendered
/// with <c>snapId.value == ""</c> (as the real site does), whatever their <see cref="FakeSnap.SnapId"/> is.
/// </remarks>
public sealed record SnapProfile(string Username)
{
    /// <summary>Display name (<c>publicProfileInfo.title</c> / <c>userInfo.displayName</c>). Default has raw emoji and accents.</summary>
    public string Title { get; init; } = $"{Username} 🌊 Café";

    /// <summary><c>publicProfileInfo.bio</c>. Default contains <c>&amp;</c>, <c>&lt;</c> and an emoji.</summary>
    public string Bio { get; init; } = "sea & sun <3 ✨";

    /// <summary><c>publicProfileInfo.subscriberCount</c> (a string on the real site).</summary>
    public long SubscriberCount { get; init; } = 48200;

    public bool IsPublic { get; init; } = true;
    public StoryForm StoryForm { get; init; } = StoryForm.Present;
    public IReadOnlyList<FakeSnap> Snaps { get; init; } = [];

    /// <summary><c>curatedHighlights</c>: storyType 3, <c>highlightId.value</c> = <see cref="FakeHighlight.HighlightId"/>, snapIds "".</summary>
    public IReadOnlyList<FakeHighlight> Highlights { get; init; } = [];

    /// <summary><c>spotlightHighlights</c>: one entry per snap, storyId = snapId = <see cref="FakeSnap.SnapId"/>.</summary>
    public IReadOnlyList<FakeSnap> Spotlights { get; init; } = [];

    /// <summary><c>userProfile</c> without its <c>$case</c> tag; the member (public or not) is still there.</summary>
    public bool OmitCaseTag { get; init; }

    /// <summary>Serve this user as the not-found shell with HTTP 200 (same as <c>SetPage(u, SnapPage.NotFound200)</c>).</summary>
    public bool NotFoundAs200 { get; init; }
}

/// <summary>A snap. <paramref name="MediaUrl"/> null → the <c>mediaUrl</c> key is omitted; <paramref name="PreviewUrl"/>
/// null → <c>mediaPreviewUrl</c> is omitted.</summary>
public sealed record FakeSnap(string SnapId, int MediaType /* 0 image, 1 video */, string? MediaUrl, long TimestampSec, string? PreviewUrl = null);

public sealed record FakeHighlight(string HighlightId, string Title, IReadOnlyList<FakeSnap> Snaps);

/// <summary>One request seen by <see cref="FakeSnapchatSite"/>. <paramref name="PathAndQuery"/> is the raw request target.</summary>
public sealed record SiteRequest(string PathAndQuery, string? UserAgent, DateTimeOffset At)
{
    public string? AcceptLanguage { get; init; }
    public string? Accept { get; init; }
    public string Method { get; init; } = "GET";
    /// <summary>The HTTP status the fake answered.</summary>
    public int StatusCode { get; init; }
}
