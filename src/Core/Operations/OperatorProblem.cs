namespace StoryBot.Core.Operations;

public enum OperatorProblem
{
    /// <summary>Every followed Snapchat account failed in a round: the site blocks us or changed its pages.</summary>
    SnapchatDown,

    /// <summary>ffmpeg or ffprobe cannot run: videos go out unconverted.</summary>
    FfmpegMissing,

    /// <summary>The database cannot be read or written.</summary>
    StorageFailing,
}
