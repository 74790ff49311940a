namespace StoryBot.Bot.Telegram;

/// <summary>Who the bot is, learnt from getMe at start-up (needed to tell "/snap@us" from "/snap@OtherBot").</summary>
public sealed class BotIdentity
{
    public string Username { get; set; } = "";

    /// <summary>The bot's own user id (asked about in channels: may it post there?).</summary>
    public long Id { get; set; }
}
