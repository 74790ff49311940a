namespace StoryBot.Core.Sources;

/// <summary>A named set of items sent together, such as one highlight.</summary>
public sealed record StoryGroup(string Id, string Title);
