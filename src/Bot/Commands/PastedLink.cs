using StoryBot.Core.Sources.Snapchat;

namespace StoryBot.Bot.Commands;

/// <summary>
/// A Snapchat or Instagram profile or story link pasted on its own, which in a private chat means "bring me that
/// story": the same as /snap or /insta with it.
/// </summary>
public static class PastedLink
{
    public static StoryCommandSpec? CommandFor(string text)
    {
        var link = text.Trim();
        if (link.Contains(' ', StringComparison.Ordinal) || link.Contains('\n', StringComparison.Ordinal))
            return null;
        // Short links and spotlight links too: what the app's Share button gives is what people paste.
        if (link.Contains("snapchat.com/", StringComparison.OrdinalIgnoreCase) && SnapchatLink.TryParse(link, out _))
            return StoryCommandSpec.Snapchat;
        if (link.Contains("instagram.com/", StringComparison.OrdinalIgnoreCase) && StoryCommandSpec.Instagram.TryParseUsername(link, out _))
            return StoryCommandSpec.Instagram;
        return null;
    }
}
