namespace StoryBot.Core.Tests;

/// <summary>
/// Tests that start ffmpeg run one class at a time, so a test that looks for leftover ffmpeg processes sees only
/// its own (and two classes never fight over two cores with transcodes).
/// </summary>
[CollectionDefinition(Name)]
public sealed class FfmpegCollection
{
    public const string Name = "ffmpeg";
}
