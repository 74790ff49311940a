namespace StoryBot.Bot.Telegram;

/// <summary>Who the bot is, learnt from getMe at start-up (needed to tell "/snap@us" from "/snap@OtherBot").</summary>
public sealed class BotIdentity
{
    public string Username { get; set; } = "";
}
