using StoryBot.Core.Media;
using StoryBot.Core.Sources;

namespace StoryBot.Core.Pipeline;

/// <summary>One item on its way through download and processing; completes with the file or the reason it failed.</summary>
internal sealed class ItemSlot(StoryItem item, int number)
{
    private readonly TaskCompletionSource<ItemOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StoryItem Item { get; } = item;

    /// <summary>Unique within its request; names the item's files in the work folder.</summary>
    public int Number { get; } = number;

    public Task<ItemOutcome> Outcome => _outcome.Task;

    public void Ready(PreparedMedia media)
    {
        if (!_outcome.TrySetResult(new ItemOutcome(media, null)))
            DeleteQuietly(media);
    }

    public void Fail(FailureReason reason) => _outcome.TrySetResult(new ItemOutcome(null, reason));

    // Albums (one per chat that wants the item, or the singles an album was split into) that may still send the
    // item's file. The last one to finish deletes it: a long story's first albums do not sit on disk until its
    // last album, or its last chat, is done. The request's folder is still deleted at its end, as a safety net.
    private int _users;

    public void AddUser() => Interlocked.Increment(ref _users);

    /// <summary>An album with this item is finished for good (sent, given up or split): the last one deletes its files.</summary>
    public void ReleaseUser()
    {
        if (Interlocked.Decrement(ref _users) == 0 && Outcome.IsCompletedSuccessfully && Outcome.Result.Media is { } media)
            DeleteQuietly(media);
    }

    internal static void DeleteQuietly(PreparedMedia media)
    {
        WorkFolder.DeleteFileQuietly(media.Path);
        if (media.ThumbnailPath is not null)
            WorkFolder.DeleteFileQuietly(media.ThumbnailPath);
    }
}

internal sealed record ItemOutcome(PreparedMedia? Media, FailureReason? Failure);
