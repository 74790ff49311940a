using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoryBot.Bot.Commands;
using StoryBot.Bot.Texts;
using StoryBot.Core.Delivery;
using StoryBot.Core.Outbox;
using StoryBot.Core.Storage;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Polling;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace StoryBot.Bot.Telegram;

/// <summary>
/// Reads each update and answers quickly: replies go through the chat's outbox (never a Telegram call that
/// could sleep on a 429 here) and real work goes to the <see cref="ChatWorkQueue"/>, because Telegram.Bot waits
/// for this handler before polling again and one chat's rate limit must not hold up the others.
/// </summary>
public sealed class UpdateHandler(
    BotIdentity identity,
    StoryCommand stories,
    SubscriptionCommands subscriptions,
    SubscriptionList subscriptionList,
    PollCommand poll,
    StatusCommand status,
    CallbackQueryHandler buttons,
    ChatWorkQueue work,
    SubscriptionStore subscriptionStore,
    ChatOutbox outbox,
    AccessRefusals refusals,
    ChatMigrations chatMigrations,
    IOptions<TelegramOptions> options,
    TimeProvider timeProvider,
    ILogger<UpdateHandler> logger) : IUpdateHandler
{
    private static readonly TimeSpan MaxErrorBackoff = TimeSpan.FromSeconds(30);
    private int _consecutiveErrors;
    private DateTimeOffset _lastError;

    public async Task HandleUpdateAsync(ITelegramBotClient bot, Update update, CancellationToken cancellationToken)
    {
        if (update.Message is { MigrateToChatId: not null } or { MigrateFromChatId: not null })
        {
            MoveUpgradedGroup(update.Message);
            return;
        }

        if (update.MyChatMember is { } membership)
        {
            ChangeMembership(membership);
            return;
        }

        if (update.CallbackQuery is { } press)
        {
            await buttons.HandleAsync(bot, press, cancellationToken);
            return;
        }

        // Any message shows the chat is reachable (with privacy mode on, ordinary talk never reaches the bot, but
        // commands, replies to it and service messages do). A channel's posts do not: the bot reads them without
        // being allowed to post.
        if (update.Message is { } any)
            ResumeIfPaused(any.Chat.Id);

        // A channel's own posts: only its administrators can post, so a command there is theirs.
        var isChannelPost = update.ChannelPost is not null;
        if ((update.Message ?? update.ChannelPost) is not { Text: { } text } message)
            return;
        var sender = new Sender(message.From?.Id, isChannelPost);
        // Answers go to the request's message, in its forum topic.
        var origin = new ChatPlace(message.Chat.Id, message.IsTopicMessage ? message.MessageThreadId : null, message.MessageId);
        var command = ParsedCommand.Parse(text);
        var isPrivate = message.Chat.Type == ChatType.Private;
        // In groups the bot sees other bots' commands and ordinary talk: it stays quiet there.
        var forUs = command is null ? isPrivate : command.IsFor(identity.Username);
        if (!forUs)
            return;

        if (!isChannelPost && !refusals.IsAllowed(message.From?.Id))
        {
            logger.LogInformation("Refused {Command} from user {UserId} in chat {ChatId}: not in Telegram:AllowedUserIds",
                command?.Name ?? "a message", message.From?.Id, message.Chat.Id);
            if (refusals.ShouldTell(message.Chat.Id))
                outbox.EnqueueText(origin, Replies.NotAllowed);
            return;
        }

        if (command is null)
        {
            if (PastedLink.CommandFor(text) is { } spec)
                await stories.HandleAsync(spec, origin, [text.Trim()], cancellationToken);
            else
                outbox.EnqueueText(origin, Replies.Help);
            return;
        }

        logger.LogInformation("/{Command} from user {UserId} in chat {ChatId}", command.Name, message.From?.Id, message.Chat.Id);
        try
        {
            switch (command.Name)
            {
                case "start" or "help":
                    outbox.EnqueueText(origin, Replies.Help);
                    break;
                case "snap":
                    await stories.HandleAsync(StoryCommandSpec.Snapchat, origin, command.Arguments, cancellationToken);
                    break;
                case "insta":
                    await stories.HandleAsync(StoryCommandSpec.Instagram, origin, command.Arguments, cancellationToken);
                    break;
                case "subscribe":
                    subscriptions.Subscribe(origin, sender, command.Arguments);
                    break;
                case "unsubscribe":
                    subscriptions.Unsubscribe(origin, sender, command.Arguments);
                    break;
                case "subscriptions":
                    subscriptionList.List(origin, sender, command.Arguments);
                    break;
                case "poll":
                    poll.Poll(origin);
                    break;
                case "cancel":
                    // The stopped request says itself what it got done.
                    if (work.Cancel(message.Chat.Id) == 0)
                        outbox.EnqueueText(origin, Replies.NothingToCancel);
                    break;
                case "status" when message.From is not null && options.Value.AdminUserIds.Contains(message.From.Id):
                    status.Status(origin);
                    break;
                default:
                    if (isPrivate || command.AddressedTo is not null)
                        outbox.EnqueueText(origin, Replies.UnknownCommand);
                    break;
            }
        }
        catch (ApiRequestException ex)
        {
            // A chat that blocked the bot, or a reply Telegram refused: log it, keep serving everyone else.
            logger.LogWarning("Could not answer chat {ChatId}: {Status} {Reason}", message.Chat.Id, ex.ErrorCode, ex.Message);
        }
    }

    /// <summary>
    /// The bot was blocked, removed or kicked (its subscriptions pause at once, before a send fails) or unblocked,
    /// re-added or promoted (they resume).
    /// </summary>
    private void ChangeMembership(ChatMemberUpdated membership)
    {
        var chatId = membership.Chat.Id;
        // In a channel the bot is an administrator or nothing, and it needs the right to post.
        var cannotPost = membership.Chat.Type == ChatType.Channel && membership.NewChatMember is not ChatMemberAdministrator { CanPostMessages: true };
        if (membership.NewChatMember.Status is ChatMemberStatus.Left or ChatMemberStatus.Kicked || cannotPost)
        {
            try
            {
                subscriptionStore.SetPaused(chatId, true);
                logger.LogInformation("The bot left chat {ChatId} ({Status}): its subscriptions are paused", chatId, membership.NewChatMember.Status);
            }
            catch (Exception ex) when (StorageErrors.Is(ex))
            {
                logger.LogWarning("Could not pause chat {ChatId}: {Reason}", chatId, ex.Message);
            }

            return;
        }

        ResumeIfPaused(chatId);
    }

    /// <summary>
    /// A chat whose subscriptions were paused (Telegram said 403: the bot was blocked or removed) that writes to
    /// the bot again is reachable again: its subscriptions resume.
    /// </summary>
    private void ResumeIfPaused(long chatId)
    {
        try
        {
            if (subscriptionStore.IsPaused(chatId))
            {
                subscriptionStore.SetPaused(chatId, false);
                logger.LogInformation("Chat {ChatId} is reachable again: its subscriptions resume", chatId);
            }
        }
        catch (Exception ex) when (StorageErrors.Is(ex))
        {
            logger.LogWarning("Could not check whether chat {ChatId} is paused: {Reason}", chatId, ex.Message);
        }
    }

    /// <summary>
    /// A group upgraded to a supergroup gets a new id; Telegram tells the bot with a service message in the old
    /// group (migrate_to_chat_id) and one in the new supergroup (migrate_from_chat_id). Either moves the chat's
    /// subscriptions and records, once: the second finds nothing left to move.
    /// </summary>
    private void MoveUpgradedGroup(Message message)
    {
        var (from, to) = message.MigrateToChatId is { } newId ? (message.Chat.Id, newId) : (message.MigrateFromChatId!.Value, message.Chat.Id);
        try
        {
            chatMigrations.Move(from, to);
        }
        catch (Exception ex) when (StorageErrors.Is(ex))
        {
            // The next send to the old id fails with migrate_to_chat_id and moves it then.
            logger.LogWarning("Could not move chat {ChatId} to supergroup {NewChatId}: {Reason}", from, to, ex.Message);
        }
    }

    /// <summary>
    /// Telegram.Bot polls again immediately after an error; back off (1 s, 2 s, 4 s … 30 s) so an outage or a
    /// second instance (409) does not turn into a busy loop.
    /// </summary>
    public async Task HandleErrorAsync(ITelegramBotClient bot, Exception exception, HandleErrorSource source, CancellationToken cancellationToken)
    {
        if (source == HandleErrorSource.HandleUpdateError)
        {
            logger.LogError(exception, "Handling an update failed");
            return;
        }

        var now = timeProvider.GetUtcNow();
        if (now - _lastError > TimeSpan.FromMinutes(1))
            _consecutiveErrors = 0;
        _lastError = now;
        var delay = TimeSpan.FromSeconds(Math.Min(MaxErrorBackoff.TotalSeconds, Math.Pow(2, _consecutiveErrors++)));

        logger.LogWarning("Polling Telegram failed ({Reason}); next attempt in {Delay}", exception.Message, delay);
        try
        {
            await Task.Delay(delay, timeProvider, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
