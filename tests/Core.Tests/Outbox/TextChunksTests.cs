using StoryBot.Core.Outbox;

namespace StoryBot.Core.Tests.Outbox;

public class TextChunksTests
{
    [Fact]
    public void A_short_text_is_one_message_as_it_is()
    {
        Assert.Equal(["hello\nworld"], TextChunks.Split("hello\nworld"));
    }

    [Fact]
    public void A_long_text_is_cut_at_line_ends_and_loses_nothing_but_the_breaks_it_was_cut_at()
    {
        var lines = Enumerable.Range(0, 200).Select(i => $"line {i:D3} " + new string('x', i % 37)).ToList();
        var text = string.Join('\n', lines);

        var chunks = TextChunks.Split(text, maxLength: 500);

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, chunk => Assert.InRange(chunk.Length, 1, 500));
        Assert.Equal(lines, chunks.SelectMany(chunk => chunk.Split('\n')));
    }

    [Fact]
    public void A_single_line_over_the_limit_is_cut_inside_it()
    {
        var chunks = TextChunks.Split(new string('y', 1200), maxLength: 500);

        Assert.Equal([500, 500, 200], chunks.Select(c => c.Length));
    }
}
