namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>What a sendPhoto/sendVideo or an album item asks to send.</summary>
internal enum MediaKind
{
    Photo,
    Video,
}
