namespace StoryBot.Tests.Fakes.Snapchat;

/// <summary>Where a short link redirects, and with which status.</summary>
internal sealed record ShortLink(string Location, int Status);
