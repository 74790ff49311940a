using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>Updates the tests inject, queued for getUpdates.</summary>
public sealed partial class FakeTelegramServer
{
    private readonly List<QueuedUpdate> _updates = [];
    private readonly Dictionary<long, ChatState> _chats = [];
    private int _nextUpdateId;
    private PollState? _activePoll;
    private HashSet<string>? _allowedUpdates;

    /// <summary>Waits until a getUpdates long poll is held open: from then on the bot is certainly listening.</summary>
    public async Task WaitForHeldPollAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            lock (_gate)
            {
                if (_activePoll is not null)
                {
                    return;
                }
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"No getUpdates long poll was held within {timeout}.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>
    /// Queues a "message" update from user <paramref name="fromUserId"/>. Text starting with a command ("/snap@bot arg")
    /// gets a bot_command entity. <paramref name="chatType"/> overrides the type derived from the id (&gt;0 private,
    /// -100… supergroup, other negative group) and is remembered for the chat. Returns the update_id.
    /// </summary>
    public long InjectMessage(long chatId, string text, long fromUserId = 42, string? chatType = null) =>
        InjectMessage(chatId, text, fromUserId, chatType, threadId: null).UpdateId;

    /// <summary>
    /// As above; <paramref name="threadId"/> sends it in that forum topic (the chat becomes a forum supergroup).
    /// Returns the update_id and the message_id.
    /// </summary>
    public (long UpdateId, int MessageId) InjectMessage(long chatId, string text, long fromUserId, string? chatType, int? threadId)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_gate)
        {
            var chat = GetChatLocked(chatId, chatType);
            if (threadId is not null)
                chat.IsForum = true;
            var messageId = chat.NextMessageId;
            var message = new JsonObject
            {
                ["message_id"] = chat.NextMessageId++,
                ["from"] = new JsonObject
                {
                    ["id"] = fromUserId,
                    ["is_bot"] = false,
                    ["first_name"] = "Test",
                    ["last_name"] = "User" + fromUserId,
                    ["username"] = "user" + Math.Abs(fromUserId),
                    ["language_code"] = "en",
                },
                ["chat"] = chat.ToJson(),
                ["date"] = UnixNow(),
                ["text"] = text,
            };
            AddCommandEntity(message, text);

            if (threadId is not null)
            {
                message["message_thread_id"] = threadId;
                message["is_topic_message"] = true;
            }

            return (EnqueueLocked("message", message), messageId);
        }
    }

    /// <summary>
    /// Queues a "my_chat_member" update: the bot's own membership in the chat changed, as Telegram reports it when
    /// a user blocks or unblocks the bot, or a group removes or re-adds it (statuses "member", "administrator",
    /// "left", "kicked"). Returns the update_id.
    /// </summary>
    /// <remarks>
    /// The bot's membership as getChatMember reports it changes with it (in a channel, an "administrator" keeps
    /// <paramref name="canPostMessages"/>).
    /// </remarks>
    public long InjectMyChatMember(long chatId, string oldStatus, string newStatus, long fromUserId = 42, bool canPostMessages = true)
    {
        lock (_gate)
        {
            var chat = GetChatLocked(chatId, null);
            var bot = new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "StoryBot Test", ["username"] = BotUsername };
            _members[(chatId, BotId)] = new MemberState(newStatus, canPostMessages);
            var member = new JsonObject { ["user"] = bot, ["status"] = newStatus };
            if (newStatus == "administrator")
            {
                member["can_be_edited"] = false;
                member["can_manage_chat"] = true;
                if (chat.Type == "channel")
                {
                    member["can_post_messages"] = canPostMessages;
                    member["can_edit_messages"] = canPostMessages;
                }
            }

            return EnqueueLocked("my_chat_member", new JsonObject
            {
                ["chat"] = chat.ToJson(),
                ["from"] = new JsonObject { ["id"] = fromUserId, ["is_bot"] = false, ["first_name"] = "Test" },
                ["date"] = UnixNow(),
                ["old_chat_member"] = new JsonObject { ["user"] = bot.DeepClone(), ["status"] = oldStatus },
                ["new_chat_member"] = member,
            });
        }
    }

    /// <summary>Queues an arbitrary update, e.g. InjectUpdate("message", {... "migrate_to_chat_id": ...}). Returns the update_id.</summary>
    public long InjectUpdate(string updateType, JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        lock (_gate)
        {
            return EnqueueLocked(updateType, (JsonObject)payload.DeepClone());
        }
    }

    /// <summary>Text starting with a command ("/snap@bot arg") gets a bot_command entity, as Telegram detects it.</summary>
    private static void AddCommandEntity(JsonObject message, string text)
    {
        var command = CommandPattern().Match(text);
        if (command.Success)
        {
            message["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = command.Length });
        }
    }

    [GeneratedRegex(@"^/[A-Za-z0-9_]{1,64}(@[A-Za-z0-9_]{3,64})?")]
    private static partial Regex CommandPattern();

    private ChatState GetChatLocked(long chatId, string? typeOverride)
    {
        if (!_chats.TryGetValue(chatId, out var chat))
        {
            chat = new ChatState(chatId, typeOverride ?? ChatState.TypeOf(chatId));
            _chats[chatId] = chat;
        }
        else if (typeOverride is not null)
        {
            chat.Type = typeOverride;
        }

        return chat;
    }

    private int EnqueueLocked(string type, JsonObject payload)
    {
        var id = _nextUpdateId++;
        // like the Bot API server: updates of types the bot did not ask for (allowed_updates) are not stored at all
        if (_allowedUpdates is null || _allowedUpdates.Contains(type))
        {
            _updates.Add(new QueuedUpdate(id, type, payload));
            _activePoll?.Signal.TrySetResult(PollWake.Update);
        }

        SignalChangedLocked();
        return id;
    }

    private static long UnixNow() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
