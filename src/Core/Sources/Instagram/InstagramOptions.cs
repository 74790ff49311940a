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

    /// <summary>A desktop Chrome UA: it decides which video encodings Instagram offers.</summary>
    [Required]
    public string UserAgent { get; set; } =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

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

    public bool HasSession => !string.IsNullOrWhiteSpace(SessionId);
}
