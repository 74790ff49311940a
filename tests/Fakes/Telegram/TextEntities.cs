using System.Text.Json;
using System.Text.Json.Nodes;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>
/// Checks message entities (entities, caption_entities) as Telegram does for what the bot sends: an array of objects,
/// each inside the text in UTF-16 units, of a known type; a text_link needs an http(s) url. Only text_link is
/// implemented: another type is refused, so a new kind of formatting must grow the fake.
/// </summary>
internal static class TextEntities
{
    public static void Validate(JsonNode? entities, string text, string what)
    {
        if (entities is null)
            return;
        if (entities is not JsonArray array)
            throw TelegramApiException.BadRequest($"can't parse {what} JSON object");

        foreach (var node in array)
        {
            if (node is not JsonObject entity || entity["type"]?.GetValueKind() != JsonValueKind.String ||
                entity["offset"]?.GetValueKind() != JsonValueKind.Number || entity["length"]?.GetValueKind() != JsonValueKind.Number)
                throw TelegramApiException.BadRequest($"can't parse {what}: expected type, offset and length");

            var type = entity["type"]!.GetValue<string>();
            if (type != "text_link")
                throw TelegramApiException.NotImplemented($"{what} of type {type}");
            if (entity.Select(field => field.Key).FirstOrDefault(key => key is not ("type" or "offset" or "length" or "url")) is { } unknown)
                throw TelegramApiException.NotImplemented($"{what}.{unknown}");

            var offset = entity["offset"]!.GetValue<int>();
            var length = entity["length"]!.GetValue<int>();
            if (offset < 0 || length <= 0 || offset + length > text.Length)
                throw TelegramApiException.BadRequest($"can't parse entities: entity beyond the end of the text at offset {offset}");
            if (entity["url"]?.GetValueKind() != JsonValueKind.String ||
                !Uri.TryCreate(entity["url"]!.GetValue<string>(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                throw TelegramApiException.BadRequest("can't parse entities: wrong HTTP URL specified");
        }
    }

    /// <summary>A parameter sent as JSON text.</summary>
    public static JsonNode? Parse(string? raw, string what)
    {
        if (raw is null)
            return null;
        try
        {
            return JsonNode.Parse(raw);
        }
        catch (JsonException)
        {
            throw TelegramApiException.BadRequest($"can't parse {what} JSON object");
        }
    }
}
