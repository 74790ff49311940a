using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using StoryBot.Bench;

// Benchmark: our pipeline against the original's phased approach on the same simulated world, alternating runs.
// Usage: see BenchOptions.Usage, or the README's "Performance" section.
// Named NaN: a figure that cannot be had (no phased run to compare with) is written, not a crash.
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

if (args is ["--soak-child", var soakSpecPath])
{
    await StoryBot.Bench.Soak.SoakChild.RunAsync(JsonSerializer.Deserialize<StoryBot.Bench.Soak.SoakSpec>(await File.ReadAllTextAsync(soakSpecPath), json)!);
    return 0;
}

if (args is ["--child", var specPath])
{
    var spec = JsonSerializer.Deserialize<BenchSpec>(await File.ReadAllTextAsync(specPath), json)!;
    var result = spec.Contestant == "ours" ? await Contestants.OursAsync(spec) : await Contestants.PhasedAsync(spec);
    Console.WriteLine(JsonSerializer.Serialize(result, json).ReplaceLineEndings(" "));
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var total = Stopwatch.StartNew();
Console.Error.WriteLine($"Preparing media and the simulated world ({(options.Smoke ? "smoke" : "full")})…");
await using var world = await World.StartAsync(options);
var rows = new List<RunRow>();
var lowerBounds = new Dictionary<string, double>(StringComparer.Ordinal);
StoryBot.Bench.Soak.SoakSummary? soak = null;
if (!options.Smoke && options.Workloads.Any(workload => workload != "soak"))
{
    // The simulated world lives in this process and shares the contestants' two cores: its first requests (Kestrel,
    // multipart parsing, hashing) are JIT-compiled while the first contestant runs, which cost whoever went first
    // 1-2 s on story8. One unmeasured run of each contestant warms it (and the disk cache) for everyone.
    var warmUp = await Workloads.SmallAsync("warm-up");
    foreach (var contestant in options.Contestants)
        await world.RunAsync(warmUp.Name, contestant, 0, warmUp, double.NaN);
}

foreach (var workload in options.Workloads)
{
    if (workload == "soak")
    {
        soak = await StoryBot.Bench.Soak.SoakRun.RunAsync(options);
        continue;
    }

    var media = await Workloads.PrepareAsync(workload, options);
    // fanout sends story8's files: their lower bound is measured once.
    var files = string.Join('|', media.Files.Select(file => file.Path));
    if (!lowerBounds.TryGetValue(files, out var lowerBound))
        lowerBounds[files] = lowerBound = await Workloads.LowerBoundAsync(media, options);
    for (var run = 1; run <= options.Runs; run++)
    {
        // Alternate who goes first so neither always meets a warm or a cold machine.
        var order = run % 2 == 1 ? new[] { "ours", "phased" } : ["phased", "ours"];
        foreach (var contestant in order.Where(options.Contestants.Contains))
        {
            var row = await world.RunAsync(workload, contestant, run, media, lowerBound);
            rows.Add(row);
            Console.Error.WriteLine($"  {workload} run {run} {contestant}: {row.WallSeconds:0.00} s, {row.Calls} calls, {row.TooManyRequests} 429s, peak RSS {row.PeakRssMb:0} MB, system peak {row.SystemPeakMb:0} MB ({row.SystemPeakBreakdown})");
        }
    }
}

var report = Report.Build(rows, options, soak);
Console.WriteLine(report.Markdown);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"The whole benchmark took {total.Elapsed.TotalSeconds:0} s ({options.Runs} run(s) of each contestant; phased video step: {(options.PhasedVideo == PhasedVideoStep.Reencode ? "reencode" : "copy")}; ours with Pipeline:EncoderThreads {options.EncoderThreads})."));
var resultsPath = Path.Combine(Report.RepositoryRoot(), "bench", "results", "latest.json");
Directory.CreateDirectory(Path.GetDirectoryName(resultsPath)!);
await File.WriteAllTextAsync(resultsPath, JsonSerializer.Serialize(new { options, rows, summary = report.Summary.Cast<object>().Concat(soak is null ? [] : [soak]) }, json));
Console.Error.WriteLine($"Figures written to {resultsPath}");
return 0;
