using System.ComponentModel.DataAnnotations;

namespace StoryBot.Core.Media;

/// <summary>How large an upload Telegram takes: 50 MB from Telegram's servers, up to 2000 MB from a local Bot API server.</summary>
public sealed class UploadOptions
{
    /// <summary>Read from the Telegram section: it is a property of the Bot API server the bot talks to.</summary>
    public const string Section = "Telegram";

    /// <summary>Videos above this are re-encoded to fit (or refused); photos never go above Telegram's 10 MB.</summary>
    [Range(1_000_000, 2_000_000_000)]
    public long MaxUploadBytes { get; set; } = UploadLimits.MaxFileBytes;
}
