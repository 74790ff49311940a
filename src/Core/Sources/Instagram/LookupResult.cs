using StoryBot.Core.Storage;

namespace StoryBot.Core.Sources.Instagram;

/// <summary>What the username → id chain found.</summary>
/// <param name="Account">Set for <see cref="LookupOutcome.Found"/>.</param>
/// <param name="RetryAt">For <see cref="LookupOutcome.RateLimited"/>: when the first paused path opens again.</param>
public sealed record LookupResult(LookupOutcome Outcome, InstagramAccount? Account = null, DateTimeOffset? RetryAt = null, string? Reason = null);

public enum LookupOutcome
{
    Found,
    NotFound,

    /// <summary><c>user: null</c>: the account exists but Instagram will not show it.</summary>
    Unavailable,

    /// <summary>Every path is paused after a 429/401.</summary>
    RateLimited,

    /// <summary>No path gave an answer we could read.</summary>
    Failed,
}
