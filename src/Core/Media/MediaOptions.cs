using System.ComponentModel.DataAnnotations;

namespace StoryBot.Core.Media;

public sealed class MediaOptions
{
    public const string Section = "Media";

    /// <summary>
    /// Host suffixes media may be downloaded from. The URLs come from scraped pages, so anything else is refused
    /// and never requested.
    /// </summary>
    /// <remarks>
    /// Empty means <see cref="DefaultAllowedHosts"/>. The default is not the property's initial value because the
    /// configuration binder appends to an array instead of replacing it, so a configured list could never drop one.
    /// </remarks>
    public string[] AllowedHosts { get; set; } = [];

    public static readonly string[] DefaultAllowedHosts = ["sc-cdn.net", "cdninstagram.com", "fbcdn.net"];

    public IReadOnlyList<string> EffectiveAllowedHosts => AllowedHosts.Length > 0 ? AllowedHosts : DefaultAllowedHosts;

    /// <summary>Where per-request work folders are made; default: the system temp folder.</summary>
    public string? TempPath { get; set; }

    /// <summary>First retry delay of a failed download; later ones grow exponentially, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Limit for one download attempt, headers and body together.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Larger downloads are abandoned (Telegram takes 2000 MB at most, even from a local Bot API server).</summary>
    [Range(1, long.MaxValue)]
    public long MaxDownloadBytes { get; set; } = 2_000_000_000;
}
