using StoryBot.Core.Sources;

namespace StoryBot.Core.Pipeline;

/// <summary>One step of sending to a chat: an album, the closing failure report, or a plain text reply.</summary>
internal abstract record SendUnit(long ChatId)
{
    /// <summary>Completes when everything the unit sends is ready (downloaded and processed, or failed).</summary>
    public abstract Task Ready { get; }

    /// <summary>Whether the unit waits for the chat's pacing: only units that send a message do.</summary>
    public virtual bool SendsMessage => true;
}

/// <param name="Part">1-based part number within its group (a story of 23 items goes out in 3 parts).</param>
/// <param name="After">
/// For the second and later chats of a request: the first chat's matching album, so its file_ids exist and the
/// items are sent by id instead of being uploaded again.
/// </param>
internal sealed record AlbumUnit(RequestState Request, long ChatId, StoryGroup? Group, int Part, int PartCount, IReadOnlyList<ItemSlot> Slots, Task? After = null)
    : SendUnit(ChatId)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int RateLimitRetries { get; set; }

    /// <summary>An album for a chat the request stopped sending to goes nowhere, so it waits for no pacing.</summary>
    public override bool SendsMessage => !Request.IsStopped(ChatId);

    /// <summary>Items that failed before sending are recorded once, however often the album is retried.</summary>
    public bool FailuresRecorded { get; set; }

    public override Task Ready { get; } = Task.WhenAll(Slots.Select(slot => (Task)slot.Outcome).Append(After ?? Task.CompletedTask));

    /// <summary>Completes when this album has been sent or given up.</summary>
    public Task Done => _done.Task;

    public void MarkDone() => _done.TrySetResult();
}

/// <summary>Last unit for each chat of a request: tells the chat what could not be brought.</summary>
internal sealed record ReportUnit(RequestState Request, long ChatId, IReadOnlyList<ItemSlot> Slots) : SendUnit(ChatId)
{
    public int RateLimitRetries { get; set; }

    public override Task Ready { get; } = Task.WhenAll(Slots.Select(slot => slot.Outcome));

    /// <summary>
    /// What the observer said the chat should be told, asked once: a retry after a 429 must not count the
    /// failures again.
    /// </summary>
    public IReadOnlyList<ItemFailure>? ToTell { get; set; }

    /// <summary>
    /// A request that went well (or a chat that cannot be reached) has nothing to report, and must not wait a
    /// pacing interval to say so.
    /// </summary>
    public override bool SendsMessage =>
        (Request.StoppedBecause(ChatId) is null or FailureReason.TelegramBusy) && Request.FailuresFor(ChatId).Count > 0;
}

/// <summary>
/// A reply ("no story right now") that must keep its place among the chat's albums: "/snap a" then "/snap b"
/// answers a, then b.
/// </summary>
internal sealed record TextUnit(long ChatId, string Text) : SendUnit(ChatId)
{
    public int RateLimitRetries { get; set; }

    /// <summary>Already re-sent to a group's new id once: a second move is not followed.</summary>
    public bool Redirected { get; init; }

    public override Task Ready => Task.CompletedTask;
}
