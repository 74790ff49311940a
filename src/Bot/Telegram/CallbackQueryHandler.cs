using Microsoft.Extensions.Logging;
using StoryBot.Bot.Commands;
using StoryBot.Bot.Texts;
using StoryBot.Core.Outbox;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace StoryBot.Bot.Telegram;

/// <summary>
/// A button under one of the bot's messages. Always answered (the client shows a spinner until it is), with
/// what happened or why nothing did; a button of a message Telegram no longer shows, or one the bot does not
/// know, only says it is out of date.
/// </summary>
public sealed class CallbackQueryHandler(
    SubscriptionButtons buttons,
    AccessRefusals refusals,
    ILogger<CallbackQueryHandler> logger)
{
    /// <summary>Telegram drops an unanswered callback query after a few seconds.</summary>
    private static readonly TimeSpan ButtonDeadline = TimeSpan.FromSeconds(8);

    public async Task HandleAsync(ITelegramBotClient bot, CallbackQuery press, CancellationToken cancellationToken)
    {
        string answer;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ButtonDeadline);
        try
        {
            // An inaccessible message (deleted, too old) comes with date 0.
            var action = ButtonAction.Parse(press.Data);
            if (action is null || press.Message is not { } message || message.Date == default)
                answer = Replies.OutOfDateButton;
            else if (!refusals.IsAllowed(press.From.Id))
                answer = Replies.NotAllowed;
            else
            {
                logger.LogInformation("Button {Action} from user {UserId} in chat {ChatId}", press.Data, press.From.Id, message.Chat.Id);
                var at = new ChatPlace(message.Chat.Id, message.IsTopicMessage ? message.MessageThreadId : null);
                answer = await buttons.PressAsync(at, message.MessageId, new Sender(press.From.Id), action, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            answer = "That took too long; please try again.";
        }

        try
        {
            await bot.AnswerCallbackQuery(press.Id, answer, cancellationToken: cancellationToken);
        }
        catch (ApiRequestException ex)
        {
            // Too late (Telegram gives a few seconds) or answered already: the spinner is gone either way.
            logger.LogInformation("Could not answer button {QueryId}: {Reason}", press.Id, ex.Message);
        }
    }
}
