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

    internal static void DeleteQuietly(PreparedMedia media)
    {
        WorkFolder.DeleteFileQuietly(media.Path);
        if (media.ThumbnailPath is not null)
            WorkFolder.DeleteFileQuietly(media.ThumbnailPath);
    }
}

internal sealed record ItemOutcome(PreparedMedia? Media, FailureReason? Failure);
