using System.Text.Json.Nodes;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>An update waiting for getUpdates, e.g. ("message", {...}).</summary>
internal sealed record QueuedUpdate(int Id, string Type, JsonObject Payload)
{
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["update_id"] = Id };
        json[Type] = Payload.DeepClone();
        return json;
    }
}
