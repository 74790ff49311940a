namespace StoryBot.Core.Media.Processing;

internal enum VideoMode
{
    /// <summary>Already playable: the streams are copied, only the moov atom moves to the front.</summary>
    Remux,

    /// <summary>Re-encoded to H.264/AAC at a constant quality.</summary>
    Transcode,

    /// <summary>Re-encoded at a bitrate that fits the upload limit.</summary>
    FitSize,
}
