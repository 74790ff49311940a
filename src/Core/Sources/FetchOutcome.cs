namespace StoryBot.Core.Sources;

/// <summary>
/// What a source found. "No current story" and "the page could not be read" are different outcomes on purpose:
/// the original system treated a broken page as "no stories" and hid every breakage.
/// </summary>
public enum FetchOutcome
{
    Ok,
    NoCurrentStory,
    NotFound,
    NotPublic,

    /// <summary>
    /// The account exists but the site will not show it to us (Instagram answers <c>user: null</c>: age-restricted,
    /// limited, or it blocked the session's account).
    /// </summary>
    Unavailable,
    /// <summary>The site refused us (403, 429, 5xx) or served a page we cannot read.</summary>
    BlockedOrChanged,

    /// <summary>The source needs a login (Instagram:SessionId) and none is configured. Nothing was requested.</summary>
    SessionMissing,

    /// <summary>The configured login was refused (redirect to the login page, login_required).</summary>
    SessionExpired,

    /// <summary>The site asked us to slow down; no requests go out until <see cref="StoryFetchResult.RetryAt"/>.</summary>
    RateLimited,

    /// <summary>
    /// The one story item or highlight a link named is no longer there (a story item lasts 24 hours; a highlight can
    /// be deleted). The account itself may well be fine.
    /// </summary>
    Gone,

    /// <summary>The site wants the account owner to confirm a login (checkpoint, challenge): paused until the session is replaced.</summary>
    SessionCheckpoint,
}
