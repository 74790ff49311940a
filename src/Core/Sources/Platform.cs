namespace StoryBot.Core.Sources;

public enum Platform
{
    Snapchat,
    Instagram,
}
