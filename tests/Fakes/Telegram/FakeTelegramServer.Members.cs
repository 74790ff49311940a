using System.Globalization;
using System.Text.Json.Nodes;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>getChatMember: who is what in a chat, as the tests set it.</summary>
public sealed partial class FakeTelegramServer
{
    private readonly Dictionary<(long Chat, long User), string> _members = [];

    /// <summary>
    /// Sets a user's status in a chat: "creator", "administrator", "member", "restricted", "left" or "kicked".
    /// Unset: in a basic group whose members are all administrators (as the fake's groups are) "administrator",
    /// in a private chat with that user "member", elsewhere "member".
    /// </summary>
    public void SetChatMember(long chatId, long userId, string status)
    {
        lock (_gate)
        {
            _members[(chatId, userId)] = status;
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
            var status = _members.TryGetValue((chat.Id, userId), out var set) ? set : chat.Type == "group" ? "administrator" : "member";
            var member = new JsonObject
            {
                ["status"] = status,
                ["user"] = new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = "Test" },
            };
            if (status is "creator" or "administrator")
                member["is_anonymous"] = false;
            if (status == "administrator")
            {
                foreach (var right in (string[])["can_be_edited", "can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members",
                    "can_promote_members", "can_change_info", "can_invite_users", "can_post_stories", "can_edit_stories", "can_delete_stories"])
                    member[right] = right is "can_manage_chat" or "can_invite_users";
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
