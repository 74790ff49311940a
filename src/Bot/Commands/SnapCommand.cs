using Microsoft.Extensions.Logging;
using StoryBot.Core.Pipeline;
using StoryBot.Core.Sources;
using StoryBot.Core.Sources.Snapchat;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace StoryBot.Bot.Commands;

/// <summary>/snap &lt;username or link&gt; [stories|highlights|spotlight]</summary>
public sealed class SnapCommand(
    ITelegramBotClient bot,
    StorySources sources,
    StoryPipeline pipeline,
    ChatWorkQueue work,
    ILogger<SnapCommand> logger)
{
    public async Task HandleAsync(long chatId, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        // Everything is checked before any network request: bad input never leaves the bot.
        if (arguments.Count == 0)
        {
            await bot.SendMessage(chatId, Replies.SnapUsage, cancellationToken: cancellationToken);
            return;
        }

        if (!SnapchatUsername.TryParse(arguments[0], out var username))
        {
            await bot.SendMessage(chatId, Replies.InvalidSnapchatUsername(arguments[0]), cancellationToken: cancellationToken);
            return;
        }

        if (arguments.Count > 2)
        {
            await bot.SendMessage(chatId, Replies.SnapUsage, cancellationToken: cancellationToken);
            return;
        }

        var kindWord = arguments.Count > 1 ? arguments[1] : null;
        if (!StoryKindNames.TryParse(kindWord, out var kind))
        {
            await bot.SendMessage(chatId, Replies.UnknownKind(kindWord!), cancellationToken: cancellationToken);
            return;
        }

        work.Run(chatId, token => FetchAndEnqueueAsync(chatId, username, kind, token));
    }

    private async Task FetchAndEnqueueAsync(long chatId, string username, StoryKind kind, CancellationToken cancellationToken)
    {
        try
        {
            await ShowTypingAsync(chatId, cancellationToken);
            var result = await sources.For(Platform.Snapchat).FetchAsync(username, kind, cancellationToken);
            if (result.Outcome != FetchOutcome.Ok)
            {
                await bot.SendMessage(chatId, Replies.ForOutcome(result, kind), cancellationToken: cancellationToken);
                return;
            }

            await pipeline.EnqueueAsync(new DeliveryRequest(chatId, result.Account, kind, result.Items), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "/snap {Username} for chat {ChatId} failed", username, chatId);
            await bot.SendMessage(chatId, Replies.FetchCrashed, cancellationToken: cancellationToken);
        }
    }

    private async Task ShowTypingAsync(long chatId, CancellationToken cancellationToken)
    {
        try
        {
            await bot.SendChatAction(chatId, ChatAction.Typing, cancellationToken: cancellationToken);
        }
        catch (RequestException ex)
        {
            logger.LogDebug("Chat action for {ChatId} failed: {Reason}", chatId, ex.Message);
        }
    }
}
