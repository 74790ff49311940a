namespace StoryBot.Bot.Telegram;

/// <summary>What <see cref="ChannelAccess"/> found about a channel a user wants to deliver to.</summary>
public enum ChannelCheck
{
    /// <summary>A channel; the user is its creator or an administrator; the bot is an administrator that may post.</summary>
    Ready,

    /// <summary>No such public channel, or a private one the bot has never been in.</summary>
    NotFound,

    /// <summary>A group, a user or a bot: not a channel.</summary>
    NotAChannel,

    /// <summary>The bot is not an administrator of the channel.</summary>
    BotNotAdmin,

    /// <summary>The bot is an administrator without the right to post messages.</summary>
    BotCannotPost,

    /// <summary>The user is neither the channel's creator nor one of its administrators.</summary>
    UserNotAdmin,

    /// <summary>Telegram could not be asked (out of reach, rate limited).</summary>
    Unknown,
}
