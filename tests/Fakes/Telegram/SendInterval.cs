namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>A message send from its arrival to its answer (Stopwatch ticks; End null while in flight).</summary>
internal sealed class SendInterval
{
    public long Start { get; init; }
    public long? End { get; set; }
    public long? ChatId { get; set; }
}
