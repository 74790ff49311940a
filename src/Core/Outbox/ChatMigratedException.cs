namespace StoryBot.Core.Outbox;

/// <summary>
/// The group became a supergroup and lives on under <see cref="NewChatId"/> (Telegram's 400 "group chat was upgraded
/// to a supergroup chat" with migrate_to_chat_id). Nothing was sent to the old id.
/// </summary>
public sealed class ChatMigratedException(long chatId, long newChatId, Exception? inner = null)
    : Exception($"Chat {chatId} is now chat {newChatId}", inner)
{
    public long ChatId { get; } = chatId;
    public long NewChatId { get; } = newChatId;
}
