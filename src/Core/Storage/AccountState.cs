using StoryBot.Core.Sources;

namespace StoryBot.Core.Storage;

/// <summary>The scheduler's view of one followed account.</summary>
public sealed record AccountState(
    Platform Platform,
    string Username,
    DateTime? LastCheckedAt,
    DateTime NextCheckAt,
    int FailureStreak,
    string? LastOutcome);
