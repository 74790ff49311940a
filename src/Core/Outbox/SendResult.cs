namespace StoryBot.Core.Outbox;

/// <summary>
/// How one message to a chat ended, after the outbox waited out Telegram's short "retry after" answers. Only
/// <see cref="Sent"/> means Telegram has it.
/// </summary>
public abstract record SendResult
{
    private SendResult()
    {
    }

    /// <param name="FileIds">For an album, Telegram's id of each entry's file, in order (null where none came back).</param>
    public sealed record Sent(IReadOnlyList<string?> FileIds) : SendResult;

    /// <summary>Telegram kept asking to wait, asked for too long, or did not answer: given up for now.</summary>
    public sealed record Busy(TimeSpan RetryAfter) : SendResult;

    /// <summary>The chat cannot receive anything (blocked, kicked, gone).</summary>
    public sealed record Unreachable(string Reason) : SendResult;

    /// <summary>The group became a supergroup under <paramref name="NewChatId"/>; nothing was sent.</summary>
    public sealed record Moved(long NewChatId) : SendResult;

    /// <summary>Telegram refused this message (a file it cannot take, a stale file_id).</summary>
    public sealed record Refused(string Reason) : SendResult;
}
