using StoryBot.Core.Sources;

namespace StoryBot.Core.Storage.Documents;

/// <summary>The scheduler's view of one followed account. Id = "{platform}|{username}".</summary>
internal sealed class AccountStateDocument
{
    public string Id { get; set; } = "";
    public Platform Platform { get; set; }
    public string Username { get; set; } = "";
    public DateTime? LastCheckedAt { get; set; }
    public DateTime NextCheckAt { get; set; }
    public int FailureStreak { get; set; }
    public string? LastOutcome { get; set; }

    public static string Key(Platform platform, string username) => $"{platform}|{username}";

    public AccountState ToRecord() => new(
        Platform, Username, LastCheckedAt is { } at ? StoredTime.Utc(at) : null, StoredTime.Utc(NextCheckAt), FailureStreak, LastOutcome);
}
