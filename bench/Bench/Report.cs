using System.Globalization;
using System.Text;
using StoryBot.Bench.Soak;
using StoryBot.Core;

namespace StoryBot.Bench;

/// <summary>The Markdown tables and the summary figures (medians, ranges, ratios, the issue's targets).</summary>
public static class Report
{
    public sealed record Summary(string Workload, double PhasedOverOurs, double OursOverLowerBound, double LowerBoundSeconds);

    public static (string Markdown, IReadOnlyList<Summary> Summary) Build(IReadOnlyList<RunRow> rows, BenchOptions options, SoakSummary? soak = null)
    {
        var text = new StringBuilder();
        text.AppendLine("| workload | contestant | wall s | first media s | Telegram calls | 429s | CPU s | peak RSS MB | ffmpeg peak RSS MB | system peak MB (PSS) | CDN downloads | uploads | delivered / failed |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        var summary = new List<Summary>();
        foreach (var workload in rows.GroupBy(r => r.Workload))
        {
            foreach (var contestant in workload.GroupBy(r => r.Contestant).OrderBy(g => g.Key == "ours" ? 0 : 1))
            {
                var runs = contestant.ToList();
                text.AppendLine(Invariant(
                    $"| {workload.Key} | {contestant.Key} | {Range(runs, r => r.WallSeconds)} | {Range(runs, r => r.FirstMediaSeconds)} | {Range(runs, r => r.Calls, "0")} | {Range(runs, r => r.TooManyRequests, "0")} | {Range(runs, r => r.CpuSeconds)} | {Range(runs, r => r.PeakRssMb, "0")} | {Range(runs, r => r.FfmpegPeakRssMb, "0")} | {Range(runs, r => r.SystemPeakMb, "0")} | {Range(runs, r => r.CdnDownloads, "0")} | {Range(runs, r => r.Uploads, "0")} | {runs.Sum(r => r.Delivered)} / {runs.Sum(r => r.Failed)} |"));
            }

            // Pairwise: run k of phased over run k of ours.
            var ours = Runs(rows, workload.Key, "ours");
            var phased = Runs(rows, workload.Key, "phased");
            var ratio = Median(ours.Zip(phased, (o, p) => p.WallSeconds / o.WallSeconds).ToList());
            var bound = ours.FirstOrDefault()?.LowerBoundSeconds ?? double.NaN;
            summary.Add(new Summary(workload.Key, ratio, Median(ours.Select(r => r.WallSeconds).ToList()) / bound, bound));
        }

        text.AppendLine();
        text.AppendLine("| workload | phased / ours (median of pairwise ratios) | ours / lower bound | lower bound s |");
        text.AppendLine("|---|---|---|---|");
        foreach (var s in summary)
            text.AppendLine(Invariant($"| {s.Workload} | {s.PhasedOverOurs:0.00}× | {s.OursOverLowerBound:0.00}× | {s.LowerBoundSeconds:0.00} |"));

        if (soak is not null)
        {
            text.AppendLine();
            text.AppendLine("| soak | subscriptions (accounts, chats) | rounds × interval | expected / delivered | duplicates | missing | 429s | round s (each) | RSS MB at round ends | RSS growth (2 → last) | CPU s per round (each) | DB bytes | system peak MB |");
            text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            text.AppendLine(Invariant($"| soak | {soak.SoakSubscriptions} ({soak.SoakAccounts}, {soak.SoakChats}) | {soak.SoakRounds} × {soak.SoakIntervalSeconds:0} s | {soak.SoakExpectedDeliveries} / {soak.SoakDeliveries} | {soak.SoakDuplicates} | {soak.SoakMissing} | {soak.Soak429s} | {soak.SoakRoundSeconds:0.0} ({string.Join(", ", soak.SoakRoundSecondsEach.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture)))}) | {string.Join(", ", soak.SoakRssMbAtRoundEnd.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))} | {soak.SoakRssGrowthPercent:0.0} % | {soak.SoakCpuSecondsPerRound:0.0} ({string.Join(", ", soak.SoakCpuSecondsEach.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture)))}) | {soak.SoakDbBytes} | {soak.SoakSystemPeakMb:0} |"));
        }

        text.AppendLine();
        text.AppendLine("| target (issues #5, #13) | measured | met |");
        text.AppendLine("|---|---|---|");
        foreach (var line in Targets(rows, summary, options))
            text.AppendLine(line);
        if (soak is not null)
            foreach (var line in SoakTargets(soak))
                text.AppendLine(line);
        return (text.ToString(), summary);
    }

    /// <summary>The issue's targets for ours, each with the figure that decides it.</summary>
    private static IEnumerable<string> Targets(IReadOnlyList<RunRow> rows, IReadOnlyList<Summary> summary, BenchOptions options)
    {
        if (summary.FirstOrDefault(s => s.Workload == "story8") is { } story8)
        {
            yield return Invariant($"| story8: phased / ours ≥ 2 | {story8.PhasedOverOurs:0.00}× | {Mark(story8.PhasedOverOurs >= 2)} |");
            yield return Invariant($"| story8: ours ≤ 1.5 × lower bound | {story8.OursOverLowerBound:0.00}× | {Mark(story8.OursOverLowerBound <= 1.5)} |");
        }

        if (Runs(rows, "large8", "ours") is { Count: > 0 } large)
        {
            var peak = large.Max(r => r.PeakRssMb);
            yield return Invariant($"| large8: ours peak RSS ≤ 150 MB (highest of the runs) | {peak:0} MB | {Mark(peak <= 150)} |");
        }

        // Issue #13: the whole box (the process and its ffmpeg children, PSS summed at one instant), and tighter speed.
        foreach (var workload in new[] { "story8", "large8" })
        {
            if (Runs(rows, workload, "ours") is not { Count: > 0 } runs)
                continue;
            var peak = runs.Max(r => r.SystemPeakMb);
            yield return Invariant($"| {workload}: ours system peak (PSS of the process + its ffmpeg children) ≤ 256 MB (highest of the runs) | {peak:0} MB | {Mark(peak <= 256)} |");
        }

        if (summary.FirstOrDefault(s => s.Workload == "story8") is { } fast)
        {
            yield return Invariant($"| story8: phased / ours ≥ 2.5 (#13) | {fast.PhasedOverOurs:0.00}× | {Mark(fast.PhasedOverOurs >= 2.5)} |");
            yield return Invariant($"| story8: ours ≤ 1.3 × lower bound (#13) | {fast.OursOverLowerBound:0.00}× | {Mark(fast.OursOverLowerBound <= 1.3)} |");
        }

        if (summary.FirstOrDefault(s => s.Workload == "large8") is { } large8)
            yield return Invariant($"| large8: ours ≤ 1.3 × lower bound (#13) | {large8.OursOverLowerBound:0.00}× | {Mark(large8.OursOverLowerBound <= 1.3)} |");

        if (Runs(rows, "fanout", "ours") is { Count: > 0 } fanout)
        {
            var oneEach = fanout.All(r => r.CdnDownloads == r.Items && r.Uploads == r.Items);
            yield return Invariant($"| fanout: one CDN download and one upload per item, whatever the chats | {Range(fanout, r => r.CdnDownloads, "0")} downloads, {Range(fanout, r => r.Uploads, "0")} uploads of {fanout[0].Items} items for {fanout[0].Chats} chats | {Mark(oneEach)} |");

            // More chats may only cost the sends to them: the first chat's album must come as soon as with one chat,
            // and the others follow by file_id as fast as Telegram allows: its latency with our send workers, or the
            // bot-wide message rate, whichever is slower (one album per chat, so per-chat pacing never binds here).
            var pipeline = new PipelineOptions();
            var others = fanout[0].Chats - 1;
            var first = Median(fanout.Select(r => r.FirstMediaSeconds).ToList());
            var tail = Median(fanout.Select(r => r.LastMediaSeconds - r.FirstMediaSeconds).ToList());
            var byLatency = Math.Ceiling(others / (double)pipeline.SendConcurrency) * options.TelegramLatency.TotalSeconds;
            // The last of them starts (others - 1) spacings after the second, and takes a round trip itself.
            var byRate = (others - 1) / (double)pipeline.MessagesPerSecond + options.TelegramLatency.TotalSeconds;
            if (Runs(rows, "story8", "ours") is { Count: > 0 } single)
            {
                var alone = Median(single.Select(r => r.FirstMediaSeconds).ToList());
                yield return Invariant($"| fanout: first chat's album as soon as with one chat (story8), ± 0.5 s | {first:0.00} s vs {alone:0.00} s | {Mark(Math.Abs(first - alone) <= 0.5)} |");
            }

            // One round trip of slack for the calls' own work (multipart, JSON) on top of the simulated latency.
            yield return Invariant($"| fanout: the other {others} chats after it within max(⌈{others}/{pipeline.SendConcurrency}⌉ round trips, {others - 1}/{pipeline.MessagesPerSecond} s + 1 round trip) + 1 round trip, no 429 | {tail:0.00} s ({Range(fanout, r => r.TooManyRequests, "0")} 429s) vs {Math.Max(byLatency, byRate):0.00} s | {Mark(tail <= Math.Max(byLatency, byRate) + options.TelegramLatency.TotalSeconds && fanout.All(r => r.TooManyRequests == 0))} |");
        }
    }

    /// <summary>Issue #13's soak targets. A round may run past the interval by the schedule's own +10 % jitter.</summary>
    private static IEnumerable<string> SoakTargets(SoakSummary soak)
    {
        yield return Invariant($"| soak: every item to every following chat once: no duplicate, none missing | {soak.SoakDeliveries} of {soak.SoakExpectedDeliveries}, {soak.SoakDuplicates} duplicates, {soak.SoakMissing} missing | {Mark(soak.SoakDuplicates == 0 && soak.SoakMissing == 0 && soak.SoakExpectedDeliveries > 0)} |");
        yield return Invariant($"| soak: no 429 from Telegram | {soak.Soak429s} | {Mark(soak.Soak429s == 0)} |");
        yield return Invariant($"| soak: a round's fetches and deliveries finish within the interval (+10 % schedule jitter), median | {soak.SoakRoundSeconds:0.0} s of {soak.SoakIntervalSeconds:0} s | {Mark(soak.SoakRoundSeconds <= soak.SoakIntervalSeconds * 1.1)} |");
        yield return Invariant($"| soak: RSS at the end of the last round ≤ 110 % of round 2's | {soak.SoakRssGrowthPercent:+0.0;-0.0} % | {Mark(soak.SoakRssGrowthPercent <= 10)} |");
    }

    private static List<RunRow> Runs(IReadOnlyList<RunRow> rows, string workload, string contestant) =>
        rows.Where(r => r.Workload == workload && r.Contestant == contestant).OrderBy(r => r.Run).ToList();

    private static string Mark(bool met) => met ? "yes" : "**no**";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>"median (min–max)".</summary>
    private static string Range(IReadOnlyList<RunRow> runs, Func<RunRow, double> value, string format = "0.00")
    {
        var values = runs.Select(value).ToList();
        var median = Median(values);
        return values.Count == 1
            ? median.ToString(format, CultureInfo.InvariantCulture)
            : Invariant($"{median.ToString(format, CultureInfo.InvariantCulture)} ({values.Min().ToString(format, CultureInfo.InvariantCulture)}–{values.Max().ToString(format, CultureInfo.InvariantCulture)})");
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
