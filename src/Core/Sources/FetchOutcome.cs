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
    /// <summary>The site refused us (403, 429, 5xx) or served a page we cannot read.</summary>
    BlockedOrChanged,
}
