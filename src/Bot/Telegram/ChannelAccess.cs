using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace StoryBot.Bot.Telegram;

/// <summary>
/// Channels as delivery targets: a user names one (@name or its -100… id) in a private chat with the bot, and
/// the bot checks with getChat and getChatMember that it is a channel, that the bot may post in it and that the
/// user is its creator or an administrator (docs/telegram-bot-api.md §13). The bot is asked about first: Telegram
/// only tells a channel's administrators about other members.
/// </summary>
public sealed partial class ChannelAccess(ITelegramBotClient bot, BotIdentity identity, ILogger<ChannelAccess> logger)
{
    /// <summary>@name (5–32 letters, digits, underscores, as Telegram's usernames) or a -100… id.</summary>
    public static bool TryParse(string input, out ChatId channel)
    {
        channel = default!;
        if (ChannelNamePattern().IsMatch(input))
        {
            channel = new ChatId(input);
            return true;
        }

        if (input.StartsWith("-100", StringComparison.Ordinal) && input.Length <= 20 &&
            long.TryParse(input, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
        {
            channel = new ChatId(id);
            return true;
        }

        return false;
    }

    public async Task<(ChannelCheck Check, long ChannelId, string Title)> CheckAsync(ChatId channel, long userId, CancellationToken cancellationToken)
    {
        try
        {
            var chat = await bot.GetChat(channel, cancellationToken);
            var title = chat.Title ?? chat.Username ?? channel.ToString();
            if (chat.Type != ChatType.Channel)
                return (ChannelCheck.NotAChannel, chat.Id, title);

            var me = await bot.GetChatMember(chat.Id, identity.Id, cancellationToken);
            if (me is not ChatMemberAdministrator self)
                return (ChannelCheck.BotNotAdmin, chat.Id, title);
            if (!self.CanPostMessages)
                return (ChannelCheck.BotCannotPost, chat.Id, title);

            var user = await bot.GetChatMember(chat.Id, userId, cancellationToken);
            return (user.Status is ChatMemberStatus.Creator or ChatMemberStatus.Administrator ? ChannelCheck.Ready : ChannelCheck.UserNotAdmin, chat.Id, title);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 400 && ex.Message.Contains("chat not found", StringComparison.OrdinalIgnoreCase))
        {
            return (ChannelCheck.NotFound, 0, channel.ToString());
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 403 || ex.Message.Contains("member list is inaccessible", StringComparison.OrdinalIgnoreCase))
        {
            // "bot is not a member of the channel chat": it knows the channel but was removed from it.
            return (ChannelCheck.BotNotAdmin, 0, channel.ToString());
        }
        catch (RequestException ex)
        {
            logger.LogWarning("Could not check channel {Channel}: {Reason}", channel, ex.Message);
            return (ChannelCheck.Unknown, 0, channel.ToString());
        }
    }

    [GeneratedRegex("^@[A-Za-z][A-Za-z0-9_]{4,31}$")]
    private static partial Regex ChannelNamePattern();
}
