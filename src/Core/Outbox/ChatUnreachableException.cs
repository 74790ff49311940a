namespace StoryBot.Core.Outbox;

public sealed class ChatUnreachableException(long chatId, string reason, Exception? inner = null)
    : Exception($"Chat {chatId} is unreachable: {reason}", inner)
{
    public long ChatId { get; } = chatId;
}
