using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoryBot.Core.Operations;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace StoryBot.Bot.Telegram;

/// <summary>Sends operator alerts to every Telegram:AdminUserIds user (in their private chat with the bot).</summary>
public sealed class TelegramOperatorAlerts(
    ITelegramBotClient bot,
    IOptions<TelegramOptions> options,
    ILogger<TelegramOperatorAlerts> logger) : IOperatorAlerts
{
    public async Task NotifyAsync(string message, CancellationToken cancellationToken)
    {
        var admins = options.Value.AdminUserIds;
        if (admins.Length == 0)
            logger.LogWarning("Operator alert (no Telegram:AdminUserIds to send it to): {Message}", message);

        foreach (var admin in admins)
        {
            try
            {
                await bot.SendMessage(admin, "⚠️ " + message, cancellationToken: cancellationToken);
            }
            catch (RequestException ex)
            {
                // An admin who never started a chat with the bot cannot be messaged (403).
                logger.LogWarning("Could not alert admin {UserId}: {Reason}. The alert was: {Message}", admin, ex.Message, message);
            }
        }
    }
}
