namespace StoryBot.Bot.Commands;

/// <summary>
/// Who sent a command or pressed a button: a user, or a channel's own post (which only the channel's
/// administrators can make, so it may change what the channel follows).
/// </summary>
public readonly record struct Sender(long? UserId, bool IsChannelPost = false);
