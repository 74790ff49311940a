using System.ComponentModel.DataAnnotations;

namespace StoryBot.Core.Sources.Snapchat;

public sealed class SnapchatOptions
{
    public const string Section = "Snapchat";

    /// <summary>Where profile pages are read from; tests point it at a local fake.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://www.snapchat.com");

    /// <summary>
    /// Where <c>t.snapchat.com/{code}</c> short links are resolved (one request, its redirect not followed); a test or
    /// a proxy can stand in for it. <c>snapchat.com/t/{code}</c> links are resolved at <see cref="BaseUrl"/>.
    /// </summary>
    [Required]
    public Uri ShortLinkBaseUrl { get; set; } = new("https://t.snapchat.com");

    /// <summary>snapchat-dl 2.0.1's browser UA: default library UAs have met 403 since late 2024.</summary>
    [Required]
    public string UserAgent { get; set; } =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    /// <summary>
    /// Profile pages fetched at once, across all chats and polls: a burst of commands must not look like a crawler
    /// to Snapchat (a page is ~630 KB).
    /// </summary>
    [Range(1, 32)]
    public int MaxConcurrentFetches { get; set; } = 4;

    /// <summary>
    /// One deadline for a page, headers and body together: a server that sends headers and then stalls must not
    /// hold a fetch slot (and the account's poll) for ever.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
