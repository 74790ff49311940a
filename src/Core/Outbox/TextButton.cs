namespace StoryBot.Core.Outbox;

/// <summary>
/// A button under a message (Telegram's inline keyboard button). Pressing it comes back to the bot with
/// <paramref name="Data"/>, which must fit Telegram's 64 bytes.
/// </summary>
public sealed record TextButton(string Label, string Data);
