namespace StoryBot.Core.Media.Processing;

public sealed class MediaProcessingException(string message) : Exception(message);
