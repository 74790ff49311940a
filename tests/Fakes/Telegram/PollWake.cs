namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>Why a held getUpdates long poll ends before its timeout.</summary>
internal enum PollWake
{
    Update,
    Terminated,
    Stopping,
}
