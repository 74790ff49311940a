namespace StoryBot.Core.Media;

/// <summary>Our own disk failed (full, read-only): the item is not at fault and is not retried as a download.</summary>
public sealed class LocalStorageException(string message, Exception? inner = null) : Exception(message, inner);
