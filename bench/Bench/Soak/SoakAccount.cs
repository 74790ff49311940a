namespace StoryBot.Bench.Soak;

/// <summary>How a followed account answers for the whole soak.</summary>
public enum SoakFault
{
    None,
    NotFound,
    ServerError,

    /// <summary>The page starts and then stalls until the bot's request deadline.</summary>
    Stall,
}

/// <summary>One followed account of the soak, with the items it has shown so far (they stay: a day's story).</summary>
public sealed record SoakAccount(string Platform, string Username, SoakFault Fault)
{
    public List<SoakItem> Items { get; } = [];
}

/// <param name="Sha256Hex">The item's bytes are unique to it, so what Telegram received says which item it was.</param>
public sealed record SoakItem(string Id, string Url, long TakenAt, string Sha256Hex);
