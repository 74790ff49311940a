namespace StoryBot.Core.Sources.Instagram;

/// <summary>The ways to turn a username into an id, in the order they are tried (docs/instagram-web.md §10.1).</summary>
public enum LookupPath
{
    /// <summary><c>/api/v1/users/web_profile_info/?username=</c>: 429s for most callers since February 2026.</summary>
    ProfileInfo,

    /// <summary><c>/web/search/topsearch/?query=</c>: exact username matches only.</summary>
    TopSearch,

    /// <summary><c>/{username}/</c>: the profile page's <c>"profile_id":"…"</c>.</summary>
    ProfilePage,
}
