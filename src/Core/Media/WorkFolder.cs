namespace StoryBot.Core.Media;

/// <summary>
/// Per-request folders under one root that belongs to us alone, so cleaning up never touches anything else
/// (the original's cleanup measured and swept the whole disk and freed nothing).
/// </summary>
internal static class WorkFolder
{
    public static string Root(string? configured) =>
        Path.Combine(configured ?? Path.GetTempPath(), "storybot-work");

    /// <summary>This process's own folder under the root: a second instance on the host never touches it.</summary>
    public static string ForThisProcess(string root) => Path.Combine(root, Environment.ProcessId.ToString());

    /// <summary>Deletes the folders of processes that no longer run (killed before they could clean up).</summary>
    public static void DeleteStale(string root)
    {
        if (!Directory.Exists(root))
            return;
        foreach (var folder in Directory.GetDirectories(root))
        {
            var alive = int.TryParse(Path.GetFileName(folder), out var pid) && pid != Environment.ProcessId && IsRunning(pid);
            if (!alive)
                DeleteFolderQuietly(folder);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public static void DeleteFileQuietly(string path)
    {
        if (string.IsNullOrEmpty(path))
            return;
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
