using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>reply_parameters and message_thread_id, checked as Telegram checks them.</summary>
public sealed partial class FakeTelegramServer
{
    /// <summary>
    /// message_thread_id is a positive number (ignored outside forums, as Telegram does). reply_parameters needs a
    /// message_id; one that is not a message of the chat is "message to be replied not found" unless
    /// allow_sending_without_reply. Other reply fields (quote, chat_id…) are not implemented.
    /// </summary>
    private void CheckPlaceLocked(ApiCall call, ChatState chat)
    {
        CheckMayPostLocked(chat);
        if (call.Arg("message_thread_id") is { } rawThread &&
            (!int.TryParse(rawThread, NumberStyles.None, CultureInfo.InvariantCulture, out var thread) || thread <= 0))
        {
            throw TelegramApiException.BadRequest("message thread not found");
        }

        if (call.Arg("reply_parameters") is not { } rawReply)
        {
            return;
        }

        if (ParseJson(rawReply, "reply_parameters") is not JsonObject reply || reply["message_id"]?.GetValueKind() != JsonValueKind.Number)
        {
            throw TelegramApiException.BadRequest("can't parse reply parameters: Field \"message_id\" must be specified");
        }

        if (reply.Select(field => field.Key).FirstOrDefault(key => key is not ("message_id" or "allow_sending_without_reply")) is { } unknown)
        {
            throw TelegramApiException.NotImplemented($"reply_parameters.{unknown}");
        }

        var messageId = reply["message_id"]!.GetValue<int>();
        var allowWithout = reply["allow_sending_without_reply"]?.GetValueKind() == JsonValueKind.True;
        if ((messageId <= 0 || messageId >= chat.NextMessageId) && !allowWithout)
        {
            throw TelegramApiException.BadRequest("message to be replied not found");
        }
    }
}
