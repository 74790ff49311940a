namespace StoryBot.Core.Outbox;

/// <summary>
/// Telegram refuses a text over 4096 characters (docs/telegram-bot-api.md §7): a longer reply (a long
/// /subscriptions list) goes as several messages, cut at line ends.
/// </summary>
public static class TextChunks
{
    public const int MaxLength = 4096;

    public static IReadOnlyList<string> Split(string text, int maxLength = MaxLength)
    {
        var chunks = new List<string>();
        var rest = text.AsSpan();
        while (rest.Length > maxLength)
        {
            // The last line break that keeps the chunk within the limit; a single line longer than that is cut.
            var cut = rest[..(maxLength + 1)].LastIndexOf('\n');
            if (cut <= 0)
                cut = maxLength;
            chunks.Add(rest[..cut].TrimEnd('\n').ToString());
            rest = rest[cut..].TrimStart('\n');
        }

        if (rest.Length > 0 || chunks.Count == 0)
            chunks.Add(rest.ToString());
        return chunks;
    }
}
