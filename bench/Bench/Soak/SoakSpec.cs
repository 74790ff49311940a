namespace StoryBot.Bench.Soak;

/// <summary>What the soak's bot process is given: its configuration and the subscriptions it starts with.</summary>
public sealed record SoakSpec(IReadOnlyDictionary<string, string?> Settings, IReadOnlyList<SoakSubscription> Subscriptions);

/// <param name="Platform">"Snapchat" or "Instagram".</param>
public sealed record SoakSubscription(long ChatId, string Platform, string Username);
