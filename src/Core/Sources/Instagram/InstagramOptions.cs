using System.ComponentModel.DataAnnotations;

namespace StoryBot.Core.Sources.Instagram;

public sealed class InstagramOptions
{
    public const string Section = "Instagram";

    /// <summary>The web app's id; without it every API call answers 400 "useragent mismatch".</summary>
    public const string WebAppId = "936619743392459";

    [Required]
    public Uri BaseUrl { get; set; } = new("https://www.instagram.com");

    /// <summary>
    /// The <c>sessionid</c> cookie of a logged-in Instagram account: stories need it. A secret, like the bot token:
    /// never logged, never echoed.
    /// </summary>
    public string? SessionId { get; set; }

    /// <summary>
    /// A file whose content is the session (the Docker-secrets convention). When set it wins over
    /// <see cref="SessionId"/>, and it is read again whenever it changes, so a new session needs no restart.
    /// </summary>
    public string? SessionIdFile { get; set; }

    /// <summary>
    /// A current desktop Chrome UA: it decides which video encodings Instagram offers, and an outdated major version
    /// stands out (docs/instagram-web.md §10.4). Configurable so it can follow Chrome without a release.
    /// </summary>
    [Required]
    public string UserAgent { get; set; } =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/146.0.0.0 Safari/537.36";

    /// <summary>
    /// Least time between two Instagram requests, bot-wide: a highlights request of 20 trays must not fire them back
    /// to back (gallery-dl waits 6–12 s). Each gap adds a random share of <see cref="RequestJitter"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RequestInterval { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Up to this much is added at random to each <see cref="RequestInterval"/>, so the pace is not a clockwork.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RequestJitter { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>First pause after Instagram rate-limits us; it doubles on each repeat, up to <see cref="MaxRateLimitPause"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RateLimitPause { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan MaxRateLimitPause { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// Stories fetched at once, across all chats and polls. Every call carries the one session, and Instagram
    /// rate-limits a session that hurries.
    /// </summary>
    [Range(1, 16)]
    public int MaxConcurrentFetches { get; set; } = 2;

    /// <summary>One deadline for an API request, headers and body together (a stalled body must not hold a fetch slot).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
