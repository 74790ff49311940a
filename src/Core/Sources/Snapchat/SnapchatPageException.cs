namespace StoryBot.Core.Sources.Snapchat;

/// <summary>The page is not in a shape we can read: Snapchat changed it, or served something else.</summary>
public sealed class SnapchatPageException(string reason) : Exception(reason);
