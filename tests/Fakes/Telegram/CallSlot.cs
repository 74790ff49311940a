namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>A call's place in the arrival order; its record is filled in once it is answered.</summary>
internal sealed class CallSlot
{
    public RecordedCall? Record { get; set; }
}
