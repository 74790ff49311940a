namespace StoryBot.Bot.Tests;

/// <summary>End-to-end tests run one class at a time: each starts a host, three servers and ffmpeg on two cores.</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end";
}
