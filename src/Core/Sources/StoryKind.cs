namespace StoryBot.Core.Sources;

/// <summary>Which part of a profile a request asks for.</summary>
public enum StoryKind
{
    Stories,
    Highlights,
    Spotlight,
}
