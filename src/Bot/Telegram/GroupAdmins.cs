using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace StoryBot.Bot.Telegram;

/// <summary>Who may change a group's subscriptions: its admins (Telegram:GroupAdminsOnly, on by default), anyone in a private chat.</summary>
public sealed class GroupAdmins(ITelegramBotClient bot, IOptions<TelegramOptions> options, ILogger<GroupAdmins> logger)
{
    public async Task<bool> MayChangeAsync(long chatId, long? userId, CancellationToken cancellationToken)
    {
        if (chatId > 0 || !options.Value.GroupAdminsOnly)
            return true;
        if (userId is not { } user)
            return false;
        try
        {
            var member = await bot.GetChatMember(chatId, user, cancellationToken);
            return member.Status is ChatMemberStatus.Creator or ChatMemberStatus.Administrator;
        }
        catch (RequestException ex)
        {
            // Not knowing is not a yes.
            logger.LogWarning("Could not tell whether user {UserId} is an admin of chat {ChatId}: {Reason}", user, chatId, ex.Message);
            return false;
        }
    }
}
