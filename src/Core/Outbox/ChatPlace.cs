namespace StoryBot.Core.Outbox;

/// <summary>
/// Where in a chat a message goes: the chat, its forum topic if any, and the message it answers if any. A reply to
/// a command answers the command's message in its topic; a scheduled story goes to the topic it was subscribed in.
/// </summary>
public readonly record struct ChatPlace(long ChatId, int? ThreadId = null, int? ReplyToMessageId = null)
{
    public static implicit operator ChatPlace(long chatId) => new(chatId);

    /// <summary>The same place, not as an answer to a message (for everything after the first reply, say).</summary>
    public ChatPlace InTopic => this with { ReplyToMessageId = null };
}
