namespace StoryBot.Core.Storage;

/// <summary>An Instagram account as last seen: its id for good, its current username, and what the empty-story check needs.</summary>
/// <param name="IsPrivate">Last known; decides whether an empty story reads as "private" or "no story".</param>
public sealed record InstagramAccount(string Id, string Username, string? FullName, bool IsPrivate);
