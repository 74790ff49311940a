namespace StoryBot.Core.Media;

/// <summary>A download failed for good (4xx, too large); retrying would not help.</summary>
public class MediaDownloadException(string message) : Exception(message);

/// <summary>A download failed in a way that may pass (5xx, 408, 429, a truncated body); it is retried.</summary>
public sealed class TransientDownloadException(string message) : MediaDownloadException(message);
