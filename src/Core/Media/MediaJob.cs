using StoryBot.Core.Sources;

namespace StoryBot.Core.Media;

/// <summary>One item to download and make ready; <see cref="Outcome"/> completes with the file or why there is none.</summary>
/// <param name="Path">Where the download goes (the work folder of its request); processed files go beside it.</param>
/// <param name="Abandoned">Cancelled when its request is (/cancel): its download stops, its ffmpeg is killed.</param>
public sealed class MediaJob(StoryItem item, string path, CancellationToken abandoned = default)
{
    private readonly TaskCompletionSource<MediaOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StoryItem Item { get; } = item;
    public string Path { get; } = path;
    public CancellationToken Abandoned { get; } = abandoned;
    public Task<MediaOutcome> Outcome => _outcome.Task;

    internal void Ready(PreparedMedia media)
    {
        if (!_outcome.TrySetResult(new MediaOutcome(media, null)))
            media.Delete();
    }

    internal void Fail(MediaFailure reason) => _outcome.TrySetResult(new MediaOutcome(null, reason));
}
