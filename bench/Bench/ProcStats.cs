using System.Globalization;

namespace StoryBot.Bench;

/// <summary>Readings from /proc (Linux): CPU time including waited-for children, peak and current RSS.</summary>
public static class ProcStats
{
    private const double ClockTicks = 100;   // USER_HZ on Linux

    /// <summary>utime + stime + cutime + cstime of this process: its own CPU and that of the ffmpeg it ran.</summary>
    public static double CpuSecondsWithChildren()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the command name: field 14..17 of the man page are at index 11..14 here.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture) +
                long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / ClockTicks;
    }

    /// <summary>VmHWM: the peak resident set of this process so far.</summary>
    public static double PeakRssMb() => StatusKb("/proc/self/status", "VmHWM:") / 1024.0;

    private static long StatusKb(string path, string key)
    {
        foreach (var line in File.ReadLines(path))
            if (line.StartsWith(key, StringComparison.Ordinal))
                return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return 0;
    }
}
