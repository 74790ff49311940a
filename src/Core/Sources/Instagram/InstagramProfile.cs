namespace StoryBot.Core.Sources.Instagram;

/// <summary>What <c>web_profile_info</c> tells about an account. The id never changes, so it is cached.</summary>
public sealed record InstagramProfile(string Id, string Username, string? FullName, bool IsPrivate);
