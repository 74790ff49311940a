namespace StoryBot.Core.Sources;

public enum MediaKind
{
    Photo,
    Video,
}
