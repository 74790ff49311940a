using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoryBot.Core.Operations;
using StoryBot.Core.Outbox;

namespace StoryBot.Bot.Telegram;

/// <summary>
/// Sends operator alerts to every Telegram:AdminUserIds user (in their private chat with the bot), through the
/// outbox like everything else. An admin who never started a chat with the bot cannot be messaged (403): the
/// outbox logs that.
/// </summary>
public sealed class TelegramOperatorAlerts(
    ChatOutbox outbox,
    IOptions<TelegramOptions> options,
    ILogger<TelegramOperatorAlerts> logger) : IOperatorAlerts
{
    public Task NotifyAsync(string message, CancellationToken cancellationToken)
    {
        var admins = options.Value.AdminUserIds;
        if (admins.Length == 0)
            logger.LogWarning("Operator alert (no Telegram:AdminUserIds to send it to): {Message}", message);

        foreach (var admin in admins)
            outbox.EnqueueText(admin, "⚠️ " + message);
        return Task.CompletedTask;
    }
}
