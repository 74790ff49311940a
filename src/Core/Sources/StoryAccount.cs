namespace StoryBot.Core.Sources;

/// <param name="DisplayName">The profile's own title, when the site gives one.</param>
public sealed record StoryAccount(Platform Platform, string Username, string? DisplayName = null);
