using System.Globalization;

namespace StoryBot.Bench;

/// <summary>A process and everything it started, read from /proc (Linux); a process that ends while it is read is skipped.</summary>
public static class ProcessTree
{
    /// <summary>
    /// <paramref name="root"/> and its descendants. Each thread lists the children it forked
    /// (<c>/proc/PID/task/TID/children</c>), and .NET starts processes from whichever thread runs the call, so every
    /// thread is read: cheaper than scanning all of /proc for parents at 50 Hz.
    /// </summary>
    /// <param name="isLeaf">Processes known to start none, whose threads are not read.</param>
    public static List<int> Of(int root, Func<int, bool>? isLeaf = null)
    {
        var found = new List<int> { root };
        for (var i = 0; i < found.Count; i++)
        {
            if (isLeaf?.Invoke(found[i]) == true)
                continue;
            try
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{found[i]}/task"))
                {
                    var children = ReadOrEmpty(Path.Combine(task, "children"));
                    foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        if (int.TryParse(child, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !found.Contains(pid))
                            found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone while we looked.
            }
        }

        return found;
    }

    /// <summary>The executable, or "" once the process is gone.</summary>
    public static string Executable(int pid)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/exe").LinkTarget ?? "";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>The command name (<c>comm</c>), or "" once the process is gone.</summary>
    public static string Name(int pid) => ReadOrEmpty($"/proc/{pid}/comm").Trim();

    /// <summary>
    /// PSS from smaps_rollup (private pages plus each shared page divided by the processes sharing it) and the
    /// resident file pages from status; <see cref="ProcessMemory.None"/> once the process is gone.
    /// </summary>
    public static ProcessMemory Memory(int pid)
    {
        var rollup = ReadOrEmpty($"/proc/{pid}/smaps_rollup");
        var status = ReadOrEmpty($"/proc/{pid}/status");
        return rollup.Length == 0 || status.Length == 0
            ? ProcessMemory.None
            : new ProcessMemory(FieldKb(rollup, "Pss:"), FieldKb(rollup, "Pss_Anon:"), FieldKb(rollup, "Pss_Shmem:"),
                FieldKb(status, "VmRSS:"), FieldKb(status, "RssFile:"));
    }

    /// <summary>utime + stime + cutime + cstime: the process's CPU and that of the children it has waited for.</summary>
    public static double CpuSecondsWithChildren(int pid)
    {
        var stat = ReadOrEmpty($"/proc/{pid}/stat");
        if (stat.Length == 0)
            return 0;
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the command name: fields 14..17 of the man page are at index 11..14 here; USER_HZ is 100 on Linux.
        return Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static long FieldKb(string text, string key)
    {
        foreach (var line in text.AsSpan().EnumerateLines())
            if (line.StartsWith(key, StringComparison.Ordinal))
                return long.Parse(line[key.Length..].Trim().ToString().Split(' ')[0], CultureInfo.InvariantCulture);
        return 0;
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
