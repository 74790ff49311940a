using System.Globalization;
using System.Text.Json.Nodes;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>A chat the fake knows: its type, its next message id and its recent sends (for flood control).</summary>
internal sealed class ChatState(long id, string type)
{
    public long Id { get; } = id;
    public string Type { get; set; } = type;
    public int NextMessageId { get; set; } = 1;

    /// <summary>A channel's public @name (without the @) and title.</summary>
    public string? Username { get; set; }
    public string? Title { get; set; }

    /// <summary>A supergroup with topics (set when a test sends a message into a topic).</summary>
    public bool IsForum { get; set; }
    public long? LastAcceptedSend { get; set; }
    public Queue<long> RecentSends { get; } = new();

    /// <summary>Telegram's id ranges: &gt;0 a user (private chat), -100… a supergroup, other negative ids a group.</summary>
    public static string TypeOf(long chatId) => chatId switch
    {
        > 0 => "private",
        <= -1_000_000_000_000 => "supergroup",
        _ => "group",
    };

    public JsonObject ToJson()
    {
        var abs = Math.Abs(Id).ToString(CultureInfo.InvariantCulture);
        return Type switch
        {
            "private" => new JsonObject
            {
                ["id"] = Id,
                ["first_name"] = "Test",
                ["last_name"] = "User" + abs,
                ["username"] = "user" + abs,
                ["type"] = "private",
            },
            "group" => new JsonObject
            {
                ["id"] = Id,
                ["title"] = "Test group " + abs,
                ["type"] = "group",
                ["all_members_are_administrators"] = true,
            },
            "channel" => Username is null
                ? new JsonObject { ["id"] = Id, ["title"] = Title ?? "Test channel " + abs, ["type"] = "channel" }
                : new JsonObject { ["id"] = Id, ["title"] = Title ?? "Test channel " + abs, ["username"] = Username, ["type"] = "channel" },
            _ when IsForum => new JsonObject { ["id"] = Id, ["title"] = "Test forum " + abs, ["type"] = Type, ["is_forum"] = true },
            _ => new JsonObject { ["id"] = Id, ["title"] = "Test " + Type + " " + abs, ["type"] = Type },
        };
    }
}
