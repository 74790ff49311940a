namespace StoryBot.Core.Sources.Instagram;

/// <summary>How an Instagram API answer is classified (docs/instagram-web.md §6).</summary>
public enum InstagramError
{
    NotFound,
    /// <summary>401 "Please wait a few minutes…", 429, rate_limit_error.</summary>
    RateLimited,
    /// <summary>302 to /accounts/login/, login_required.</summary>
    LoginRequired,
    /// <summary>checkpoint_required, challenge_required, feedback_required, sentry_block, 302 to /challenge/.</summary>
    Checkpoint,
    /// <summary>400 "useragent mismatch": our request lacks what the web app sends. A defect of ours.</summary>
    RequestRejected,
    /// <summary>5xx after retries.</summary>
    ServerError,
    /// <summary>Anything we cannot read.</summary>
    Unexpected,
}
