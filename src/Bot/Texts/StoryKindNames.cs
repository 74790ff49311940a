using StoryBot.Core.Sources;

namespace StoryBot.Bot.Texts;

public static class StoryKindNames
{
    public static bool TryParse(string? word, out StoryKind kind)
    {
        switch (word?.ToLowerInvariant())
        {
            case null or "stories" or "story":
                kind = StoryKind.Stories;
                return true;
            case "highlights" or "highlight":
                kind = StoryKind.Highlights;
                return true;
            case "spotlight" or "spotlights":
                kind = StoryKind.Spotlight;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    public static string Name(StoryKind kind) => kind switch
    {
        StoryKind.Highlights => "highlights",
        StoryKind.Spotlight => "spotlight",
        _ => "stories",
    };
}
