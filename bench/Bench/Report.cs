using System.Globalization;
using System.Text;

namespace StoryBot.Bench;

/// <summary>The Markdown table and the summary figures (medians, ranges, ratios).</summary>
public static class Report
{
    public sealed record Summary(string Workload, double PhasedOverOurs, double OursOverLowerBound, double LowerBoundSeconds);

    public static (string Markdown, IReadOnlyList<Summary> Summary) Build(IReadOnlyList<RunRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| workload | contestant | wall s | first media s | Telegram calls | 429s | CPU s | peak RSS MB | ffmpeg peak RSS MB | CDN downloads | uploads | delivered / failed |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        var summary = new List<Summary>();
        foreach (var workload in rows.GroupBy(r => r.Workload))
        {
            foreach (var contestant in workload.GroupBy(r => r.Contestant).OrderBy(g => g.Key == "ours" ? 0 : 1))
            {
                var runs = contestant.ToList();
                text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {workload.Key} | {contestant.Key} | {Range(runs, r => r.WallSeconds)} | {Range(runs, r => r.FirstMediaSeconds)} | {Range(runs, r => r.Calls, "0")} | {Range(runs, r => r.TooManyRequests, "0")} | {Range(runs, r => r.CpuSeconds)} | {Range(runs, r => r.PeakRssMb, "0")} | {Range(runs, r => r.FfmpegPeakRssMb, "0")} | {Range(runs, r => r.CdnDownloads, "0")} | {Range(runs, r => r.Uploads, "0")} | {runs.Sum(r => r.Delivered)} / {runs.Sum(r => r.Failed)} |"));
            }

            // Pairwise: run k of phased over run k of ours.
            var ours = workload.Where(r => r.Contestant == "ours").OrderBy(r => r.Run).ToList();
            var phased = workload.Where(r => r.Contestant == "phased").OrderBy(r => r.Run).ToList();
            var ratio = Median(ours.Zip(phased, (o, p) => p.WallSeconds / o.WallSeconds).ToList());
            var bound = ours.FirstOrDefault()?.LowerBoundSeconds ?? double.NaN;
            summary.Add(new Summary(workload.Key, ratio, Median(ours.Select(r => r.WallSeconds).ToList()) / bound, bound));
        }

        text.AppendLine();
        text.AppendLine("| workload | phased / ours (median of pairwise ratios) | ours / lower bound | lower bound s |");
        text.AppendLine("|---|---|---|---|");
        foreach (var s in summary)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {s.Workload} | {s.PhasedOverOurs:0.00}× | {s.OursOverLowerBound:0.00}× | {s.LowerBoundSeconds:0.00} |"));
        return (text.ToString(), summary);
    }

    /// <summary>"median (min–max)".</summary>
    private static string Range(IReadOnlyList<RunRow> runs, Func<RunRow, double> value, string format = "0.00")
    {
        var values = runs.Select(value).ToList();
        var median = Median(values);
        return values.Count == 1
            ? median.ToString(format, CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{median.ToString(format, CultureInfo.InvariantCulture)} ({values.Min().ToString(format, CultureInfo.InvariantCulture)}–{values.Max().ToString(format, CultureInfo.InvariantCulture)})");
    }

    private static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The folder holding Bot.sln, found upwards from the working folder (else the working folder).</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Bot.sln")))
                return folder.FullName;
        return Environment.CurrentDirectory;
    }
}
