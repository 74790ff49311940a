namespace StoryBot.Core.Outbox;

/// <summary>
/// A message the bot may change after sending it (a progress line, an offer with buttons, a list with a button
/// per entry): one message of at most <see cref="TextChunks.MaxLength"/> characters, with one button per row.
/// </summary>
public sealed record LiveText(string Text, IReadOnlyList<TextButton> Buttons)
{
    public LiveText(string text)
        : this(text, [])
    {
    }
}
