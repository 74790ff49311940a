using System.Globalization;
using System.Text.Json.Nodes;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>getChatMember, getChat and channels: who is what in a chat, as the tests set it.</summary>
public sealed partial class FakeTelegramServer
{
    private readonly Dictionary<(long Chat, long User), MemberState> _members = [];

    private sealed record MemberState(string Status, bool CanPostMessages);

    /// <summary>
    /// Sets a user's (or the bot's own, <see cref="BotId"/>) status in a chat: "creator", "administrator", "member",
    /// "restricted", "left" or "kicked"; <paramref name="canPostMessages"/> is a channel administrator's right to post.
    /// Unset: in a basic group whose members are all administrators (as the fake's groups are) "administrator", in a
    /// channel "left" (the bot too: it posts in a channel only once made an administrator there), elsewhere "member".
    /// </summary>
    public void SetChatMember(long chatId, long userId, string status, bool canPostMessages = true)
    {
        lock (_gate)
        {
            _members[(chatId, userId)] = new MemberState(status, canPostMessages);
        }
    }

    /// <summary>A channel the fake knows, public under @<paramref name="username"/>. The bot is not in it until <see cref="SetChatMember"/>.</summary>
    public void AddChannel(long chatId, string username, string title)
    {
        lock (_gate)
        {
            var chat = GetChatLocked(chatId, "channel");
            chat.Username = username;
            chat.Title = title;
        }
    }

    /// <summary>Queues a "channel_post" update: <paramref name="text"/> posted in the channel (no "from", the channel as sender_chat).</summary>
    public long InjectChannelPost(long chatId, string text)
    {
        lock (_gate)
        {
            var chat = GetChatLocked(chatId, "channel");
            var message = new JsonObject
            {
                ["message_id"] = chat.NextMessageId++,
                ["sender_chat"] = chat.ToJson(),
                ["chat"] = chat.ToJson(),
                ["date"] = UnixNow(),
                ["text"] = text,
            };
            AddCommandEntity(message, text);
            return EnqueueLocked("channel_post", message);
        }
    }

    private MemberState MemberLocked(ChatState chat, long userId) =>
        _members.TryGetValue((chat.Id, userId), out var set) ? set
        : new MemberState(chat.Type switch { "group" => "administrator", "channel" => "left", _ => "member" }, CanPostMessages: true);

    /// <summary>
    /// In a channel the bot posts only as an administrator with can_post_messages: otherwise 403 "bot is not a member"
    /// (or "was kicked"), or 400 "need administrator rights in the channel chat", with Telegram's texts.
    /// </summary>
    private void CheckMayPostLocked(ChatState chat)
    {
        if (chat.Type != "channel")
            return;
        var bot = MemberLocked(chat, BotId);
        switch (bot.Status)
        {
            case "kicked":
                throw new TelegramApiException(403, "Forbidden: bot was kicked from the channel chat");
            case "creator" or "administrator" when bot.CanPostMessages || bot.Status == "creator":
                return;
            case "administrator":
                throw TelegramApiException.BadRequest("need administrator rights in the channel chat");
            default:
                throw new TelegramApiException(403, "Forbidden: bot is not a member of the channel chat");
        }
    }

    /// <summary>getChat: the chat's id, type, title and username (what the bot reads); "chat not found" for others.</summary>
    private JsonObject GetChat(ApiCall call)
    {
        lock (_gate)
        {
            // Unlike a send, getChat does not make up a chat it has never seen.
            if (long.TryParse(call.ArgOrEmpty("chat_id"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) && !_chats.ContainsKey(id))
                throw TelegramApiException.BadRequest("chat not found");
            var chat = ResolveChatLocked(call);
            var json = chat.ToJson();
            json["accent_color_id"] = 1;
            json["max_reaction_count"] = 11;
            return json;
        }
    }

    private JsonObject GetChatMember(ApiCall call)
    {
        if (!long.TryParse(call.ArgOrEmpty("user_id"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var userId) || userId <= 0)
        {
            throw TelegramApiException.BadRequest("invalid user_id specified");
        }

        lock (_gate)
        {
            var chat = ResolveChatLocked(call);
            var botStatus = MemberLocked(chat, BotId).Status;
            if (chat.Type == "channel" && userId != BotId && botStatus is not ("administrator" or "creator"))
                throw TelegramApiException.BadRequest("member list is inaccessible");

            var (status, canPost) = MemberLocked(chat, userId);
            var member = new JsonObject
            {
                ["status"] = status,
                ["user"] = userId == BotId
                    ? new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "StoryBot Test", ["username"] = BotUsername }
                    : new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = "Test" },
            };
            if (status is "creator" or "administrator")
                member["is_anonymous"] = false;
            if (status == "administrator")
            {
                foreach (var right in (string[])["can_be_edited", "can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members",
                    "can_promote_members", "can_change_info", "can_invite_users", "can_post_stories", "can_edit_stories", "can_delete_stories"])
                    member[right] = right is "can_manage_chat" or "can_invite_users";
                if (chat.Type == "channel")
                {
                    member["can_post_messages"] = canPost;
                    member["can_edit_messages"] = canPost;
                    member["can_manage_direct_messages"] = false;
                }
            }

            if (status == "restricted")
            {
                member["is_member"] = true;
                member["until_date"] = 0;
            }

            if (status == "kicked")
                member["until_date"] = 0;
            return member;
        }
    }
}
