using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoryBot.Bot.Commands;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Polling;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace StoryBot.Bot.Telegram;

/// <summary>
/// Long polling as a hosted service (the Telegram.Bot.Examples pattern): check the token with getMe, register the
/// command list, then receive updates until shutdown.
/// </summary>
public sealed class PollingService(
    ITelegramBotClient bot,
    UpdateHandler handler,
    BotIdentity identity,
    IHostApplicationLifetime lifetime,
    IOptions<TelegramOptions> options,
    TimeProvider timeProvider,
    ILogger<PollingService> logger) : BackgroundService
{
    public static readonly BotCommand[] Commands =
    [
        new() { Command = "snap", Description = "Current Snapchat story: /snap <username> [highlights|spotlight]" },
        new() { Command = "insta", Description = "Current Instagram story: /insta <username> [highlights]" },
        new() { Command = "subscribe", Description = "Follow an account: /subscribe <snap|insta> <username>" },
        new() { Command = "unsubscribe", Description = "Stop following: /unsubscribe <snap|insta> <username>" },
        new() { Command = "subscriptions", Description = "What this chat follows" },
        new() { Command = "poll", Description = "Check this chat's accounts now" },
        new() { Command = "cancel", Description = "Stop what I'm doing for this chat" },
        new() { Command = "help", Description = "What this bot can do" },
    ];

    /// <summary>What admins see in their command menu (their private chat's scope): everything, and /status.</summary>
    public static readonly BotCommand[] AdminCommands =
        [.. Commands, new() { Command = "status", Description = "Subscriptions, queues, the last polls and the Instagram session" }];

    /// <summary>Exit code when Telegram rejects the token.</summary>
    public const int TokenRejectedExitCode = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await IntroduceAsync(stoppingToken))
            return;

        // my_chat_member: the bot being blocked, unblocked, removed or re-added, which privacy mode never hides;
        // callback_query: its buttons; channel_post: commands posted in a channel it administers. The list is kept by
        // Telegram until changed, so every kind the bot handles is named here.
        var receiverOptions = new ReceiverOptions
        {
            AllowedUpdates = [UpdateType.Message, UpdateType.MyChatMember, UpdateType.CallbackQuery, UpdateType.ChannelPost],
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await bot.ReceiveAsync(handler, receiverOptions, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                // ReceiveAsync only ends like this on a fatal error; keep the bot alive and start over.
                logger.LogError(ex, "Receiving updates stopped; restarting in 5 s");
                await Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }

    /// <summary>Admins get /status in their menu; an admin who never started a chat with the bot cannot (400), which is logged.</summary>
    private async Task ShowAdminCommandsAsync(CancellationToken cancellationToken)
    {
        foreach (var admin in options.Value.AdminUserIds)
        {
            try
            {
                await bot.SetMyCommands(AdminCommands, BotCommandScope.Chat(admin), cancellationToken: cancellationToken);
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 400)
            {
                logger.LogWarning("No /status in admin {UserId}'s command menu: {Reason}", admin, ex.Message);
            }
        }
    }

    /// <summary>Fails fast on a rejected token; waits out network trouble.</summary>
    private async Task<bool> IntroduceAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var me = await bot.GetMe(stoppingToken);
                identity.Username = me.Username ?? "";
                identity.Id = me.Id;
                await bot.SetMyCommands(Commands, cancellationToken: stoppingToken);
                await ShowAdminCommandsAsync(stoppingToken);
                logger.LogInformation("Connected to Telegram as @{BotUsername}", identity.Username);
                return true;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode is 401 or 404)
            {
                logger.LogCritical("Telegram rejected the bot token ({Status}). Check Telegram:BotToken with @BotFather.", ex.ErrorCode);
                Environment.ExitCode = TokenRejectedExitCode;
                lifetime.StopApplication();
                return false;
            }
            catch (RequestException ex)
            {
                logger.LogWarning("Cannot reach Telegram ({Reason}); retrying in {Delay}", ex.Message, delay);
                await Delay(delay, stoppingToken);
                delay = TimeSpan.FromSeconds(Math.Min(60, delay.TotalSeconds * 2));
            }
        }

        return false;
    }

    private async Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, timeProvider, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
