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

    /// <summary>The poster downloaded beside a video, once its download is done (null: none).</summary>
    internal string? PosterPath { get; set; }

    internal void Ready(PreparedMedia media)
    {
        if (PosterPath is { } poster && media.Kind == MediaKind.Video)
            media = media with { PosterPath = poster };
        else if (PosterPath is { } unused)
            WorkFolder.DeleteFileQuietly(unused);
        if (!_outcome.TrySetResult(new MediaOutcome(media, null)))
            media.Delete();
    }

    internal void Fail(MediaFailure reason)
    {
        if (PosterPath is { } poster)
            WorkFolder.DeleteFileQuietly(poster);
        _outcome.TrySetResult(new MediaOutcome(null, reason));
    }
}
