namespace StoryBot.Core.Pipeline;

/// <summary>
/// Per-request folders under one root that belongs to us alone, so cleaning up never touches anything else
/// (the original's cleanup measured and swept the whole disk and freed nothing).
/// </summary>
internal static class WorkFolder
{
    public static string Root(string? configured) =>
        Path.Combine(configured ?? Path.GetTempPath(), "storybot-work");

    public static void DeleteFileQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static void DeleteFolderQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
                Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
