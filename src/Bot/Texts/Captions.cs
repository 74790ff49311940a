using StoryBot.Core.Outbox;
using StoryBot.Core.Sources;

namespace StoryBot.Bot.Texts;

public static class Captions
{
    /// <summary>Telegram's caption limit (the transport cuts to it when rendering the account link).</summary>
    public const int MaxLength = 1024;

    /// <summary>
    /// "coastal_ivy (Ivy 🌊) · Snapchat story · 5 Nov 2025 (2/3)": account (a link to its profile), platform and the
    /// story's date.
    /// </summary>
    public static string For(Album album)
    {
        var account = album.Account.DisplayName is { Length: > 0 } name && !string.Equals(name, album.Account.Username, StringComparison.OrdinalIgnoreCase)
            ? $"{AccountLinks.Mark(album.Account)} ({name})"
            : AccountLinks.Mark(album.Account);
        var what = album.Kind switch
        {
            StoryKind.Highlights => album.Group is { } group ? $"highlight “{group.Title}”" : "highlight",
            StoryKind.Spotlight => "spotlight",
            _ => "story",
        };
        var dated = album.Entries.Select(entry => entry.Item.TakenAt).Where(time => time != DateTimeOffset.MinValue).ToList();
        var date = dated.Count > 0 ? $" · {dated.Min().UtcDateTime:d MMM yyyy}" : "";
        var part = album.PartCount > 1 ? $" ({album.Part}/{album.PartCount})" : "";

        return $"{account} · {Replies.PlatformName(album.Account.Platform)} {what}{date}{part}";
    }
}
