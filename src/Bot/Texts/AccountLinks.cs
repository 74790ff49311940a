using System.Text;
using StoryBot.Core.Sources;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace StoryBot.Bot.Texts;

/// <summary>
/// Accounts are shown as a link to their profile on their own site, never as "@name": Telegram would make that a
/// mention of the Telegram user of that name, a stranger. Texts mark an account with <see cref="Mark"/>; the
/// Telegram side turns each mark into the name with a text_link entity when it sends (<see cref="Render"/>).
/// </summary>
public static class AccountLinks
{
    private const char Start = '\uE000';
    private const char Separator = '\uE001';
    private const char End = '\uE002';

    public static string Mark(StoryAccount account) => Mark(account.Platform, account.Username);

    public static string Mark(Platform platform, string username) => $"{Start}{(int)platform}{Separator}{username}{End}";

    public static Uri ProfileUrl(Platform platform, string username) => platform == Platform.Instagram
        ? new Uri($"https://www.instagram.com/{Uri.EscapeDataString(username)}/")
        : new Uri($"https://www.snapchat.com/add/{Uri.EscapeDataString(username)}");

    /// <summary>The text as shown (marks replaced by the names) and a text_link entity for each, at most <paramref name="maxLength"/> long.</summary>
    public static (string Text, MessageEntity[] Entities) Render(string marked, int maxLength = int.MaxValue)
    {
        var text = new StringBuilder(marked.Length);
        var entities = new List<MessageEntity>();
        var i = 0;
        while (i < marked.Length)
        {
            var start = marked.IndexOf(Start, i);
            var separator = start < 0 ? -1 : marked.IndexOf(Separator, start);
            var end = separator < 0 ? -1 : marked.IndexOf(End, separator);
            if (end < 0)
            {
                text.Append(marked, i, marked.Length - i);
                break;
            }

            text.Append(marked, i, start - i);
            var platform = (Platform)int.Parse(marked.AsSpan(start + 1, separator - start - 1), System.Globalization.CultureInfo.InvariantCulture);
            var username = marked[(separator + 1)..end];
            entities.Add(new MessageEntity { Type = MessageEntityType.TextLink, Offset = text.Length, Length = username.Length, Url = ProfileUrl(platform, username).ToString() });
            text.Append(username);
            i = end + 1;
        }

        if (text.Length <= maxLength)
            return (text.ToString(), entities.ToArray());
        // Cut to the limit; links that no longer fit whole are dropped.
        var cut = text.ToString(0, maxLength - 1) + "…";
        return (cut, entities.Where(e => e.Offset + e.Length <= maxLength - 1).ToArray());
    }
}
