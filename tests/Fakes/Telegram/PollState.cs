namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>The getUpdates long poll being held open.</summary>
internal sealed class PollState
{
    public TaskCompletionSource<PollWake> Signal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
