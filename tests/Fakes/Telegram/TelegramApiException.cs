using System.Text.Json.Nodes;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>An error answered as {"ok":false,...} with HTTP status = error_code.</summary>
internal sealed class TelegramApiException(int code, string description, int? retryAfter = null, long? migrateToChatId = null)
    : Exception(description)
{
    public int Code { get; } = code;
    public string Description { get; } = description;
    public int? RetryAfter { get; } = retryAfter;
    public long? MigrateToChatId { get; } = migrateToChatId;

    /// <summary>{"ok":false,"error_code":…,"description":…}, with parameters.migrate_to_chat_id / retry_after when set.</summary>
    public JsonObject ToBody()
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = Code, ["description"] = Description };
        if (RetryAfter is not null || MigrateToChatId is not null)
        {
            var parameters = new JsonObject();
            if (MigrateToChatId is not null)
            {
                parameters["migrate_to_chat_id"] = MigrateToChatId.Value;
            }

            if (RetryAfter is not null)
            {
                parameters["retry_after"] = RetryAfter.Value;
            }

            body["parameters"] = parameters;
        }

        return body;
    }

    public static TelegramApiException BadRequest(string text) => new(400, "Bad Request: " + text);

    /// <summary>
    /// A parameter the fake does not implement. The real Bot API ignores parameters it does not know; the fake refuses
    /// every parameter it does not implement, so that a new bot feature fails here until the fake grows with it.
    /// </summary>
    public static TelegramApiException NotImplemented(string parameter) =>
        BadRequest($"parameter \"{parameter}\" is not implemented by the fake Telegram server");
}
