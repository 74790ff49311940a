using StoryBot.Core.Sources;

namespace StoryBot.Core.Pipeline;

/// <summary>One step of sending to a chat: an album of items, or the closing failure report of a request.</summary>
internal abstract record SendUnit(RequestState Request)
{
    public long ChatId => Request.Request.ChatId;

    /// <summary>Completes when everything the unit sends has been downloaded and processed (or has failed).</summary>
    public abstract Task Ready { get; }
}

/// <param name="Part">1-based part number within its group (a story of 23 items goes out in 3 parts).</param>
internal sealed record AlbumUnit(RequestState Request, StoryGroup? Group, int Part, int PartCount, IReadOnlyList<ItemSlot> Slots)
    : SendUnit(Request)
{
    public int RateLimitRetries { get; set; }

    /// <summary>Items that failed before sending are recorded once, however often the album is retried.</summary>
    public bool FailuresRecorded { get; set; }

    public override Task Ready { get; } = Task.WhenAll(Slots.Select(slot => slot.Outcome));
}

/// <summary>Last unit of every request: tells the chat what could not be brought, then finishes the request.</summary>
internal sealed record ReportUnit(RequestState Request) : SendUnit(Request)
{
    public int RateLimitRetries { get; set; }

    public override Task Ready { get; } = Task.WhenAll(Request.Slots.Select(slot => slot.Outcome));
}
