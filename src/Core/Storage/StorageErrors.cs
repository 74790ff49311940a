namespace StoryBot.Core.Storage;

public static class StorageErrors
{
    /// <summary>The database could not be read or written. Callers skip the work; they never assume "empty".</summary>
    public static bool Is(Exception ex) =>
        ex is LiteDB.LiteException or IOException or UnauthorizedAccessException or ObjectDisposedException;
}
