namespace StoryBot.Core.Storage;

/// <summary>Another process holds the database: two writers would send everything twice and corrupt the file.</summary>
public sealed class DatabaseInUseException(string path, Exception inner)
    : Exception($"Another StoryBot process is already using the database {path}: stop it, or give this one its own Storage:DatabasePath.", inner)
{
    public string DatabasePath { get; } = path;
}
