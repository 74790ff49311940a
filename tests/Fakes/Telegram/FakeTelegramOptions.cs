namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>Configuration of a <see cref="FakeTelegramServer"/>.</summary>
public sealed record FakeTelegramOptions
{
    /// <summary>Bot token the fake accepts; anything else answers 401 Unauthorized. Must look like "&lt;digits&gt;:&lt;anything&gt;".</summary>
    public string Token { get; init; } = "123456:TEST-token";

    /// <summary>Username returned by getMe (without '@').</summary>
    public string BotUsername { get; init; } = "storybot_test";

    /// <summary>Extra delay added to every request before it is answered (simulated network + server time).</summary>
    public TimeSpan ResponseLatency { get; init; } = TimeSpan.Zero;

    /// <summary>Optional flood-control model; null = no flood limits.</summary>
    public FloodModel? Flood { get; init; }
}
