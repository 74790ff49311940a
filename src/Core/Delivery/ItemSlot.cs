using StoryBot.Core.Media;
using StoryBot.Core.Outbox;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;

namespace StoryBot.Core.Delivery;

/// <summary>
/// One item of a delivery on its way to being sendable: a prepared file, a file Telegram already has, or the
/// reason it failed. Its file is deleted as soon as the last album that may send it is done, so a long story's
/// first albums do not sit on disk until its last album, or its last chat, is done.
/// </summary>
internal sealed class ItemSlot(StoryItem item, int users)
{
    private readonly TaskCompletionSource<ItemOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _users = users;

    public StoryItem Item { get; } = item;

    public Task<ItemOutcome> Outcome => _outcome.Task;

    public void Ready(PreparedMedia file)
    {
        if (!_outcome.TrySetResult(new ItemOutcome(file, null, null)))
            file.Delete();
    }

    public void Known(KnownFile file) => _outcome.TrySetResult(new ItemOutcome(null, file, null));

    public void Fail(FailureReason reason) => _outcome.TrySetResult(new ItemOutcome(null, null, reason));

    /// <summary>An album with this item is finished for good (sent or given up): the last one deletes its file.</summary>
    public void ReleaseUser()
    {
        if (Interlocked.Decrement(ref _users) == 0 && Outcome.IsCompletedSuccessfully && Outcome.Result.File is { } file)
            file.Delete();
    }
}

/// <param name="File">Downloaded and prepared, to upload.</param>
/// <param name="Known">Telegram has it already: sent by id, nothing downloaded.</param>
internal sealed record ItemOutcome(PreparedMedia? File, KnownFile? Known, FailureReason? Failure);
