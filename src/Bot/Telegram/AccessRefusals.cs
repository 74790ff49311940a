using Microsoft.Extensions.Options;

namespace StoryBot.Bot.Telegram;

/// <summary>
/// Who may use the bot (Telegram:AllowedUserIds), and when a chat is told it may not: once an hour at most, so a
/// stranger sending hundreds of commands in a group costs one reply, not hundreds queued ahead of the group's stories.
/// </summary>
public sealed class AccessRefusals(IOptions<TelegramOptions> options, TimeProvider timeProvider)
{
    public static readonly TimeSpan Quiet = TimeSpan.FromHours(1);

    /// <summary>Chats remembered at most; past that, those told longest ago are forgotten.</summary>
    private const int MaxRemembered = 10_000;

    private readonly Dictionary<long, long> _toldAt = new();

    public bool IsAllowed(long? userId)
    {
        var allowed = options.Value.AllowedUserIds;
        return allowed.Length == 0 || userId is { } id && allowed.Contains(id);
    }

    /// <summary>True when the chat has not been told in the last hour (and records that it is told now).</summary>
    public bool ShouldTell(long chatId)
    {
        var now = timeProvider.GetTimestamp();
        lock (_toldAt)
        {
            if (_toldAt.TryGetValue(chatId, out var at) && timeProvider.GetElapsedTime(at, now) < Quiet)
                return false;
            if (_toldAt.Count >= MaxRemembered)
                foreach (var chat in _toldAt.Where(e => timeProvider.GetElapsedTime(e.Value, now) >= Quiet).Select(e => e.Key).ToList())
                    _toldAt.Remove(chat);
            if (_toldAt.Count >= MaxRemembered)
                _toldAt.Remove(_toldAt.MinBy(e => e.Value).Key);
            _toldAt[chatId] = now;
            return true;
        }
    }
}
