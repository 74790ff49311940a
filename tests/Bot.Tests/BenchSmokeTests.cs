using System.Diagnostics;
using System.Text.Json;

namespace StoryBot.Bot.Tests;

/// <summary>Runs the benchmark with one tiny iteration: it must keep working, not be fast.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class BenchSmokeTests
{
    [Theory]
    [InlineData("--runs", "0")]
    [InlineData("--workloads", "story9")]
    [InlineData("--phased-video", "fast")]
    [InlineData("--speed", "2")]
    public async Task A_bad_option_stops_the_benchmark_before_it_starts_with_the_reason(string option, string value)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "StoryBot.Bench.dll"), option, value },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var bench = Process.Start(startInfo)!;
        var stdout = bench.StandardOutput.ReadToEndAsync();
        var stderr = bench.StandardError.ReadToEndAsync();
        await bench.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, bench.ExitCode);
        var message = await stderr;
        Assert.Contains(option, message);
        Assert.Contains("usage: dotnet run -c Release --project bench/Bench", message);
        Assert.DoesNotContain("Preparing media", message);
        Assert.Equal("", await stdout);
    }

    [Fact]
    public async Task The_benchmark_runs_both_contestants_and_writes_its_figures()
    {
        var folder = Directory.CreateTempSubdirectory("storybot-bench-smoke-").FullName;
        try
        {
            var startInfo = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { Path.Combine(AppContext.BaseDirectory, "StoryBot.Bench.dll"), "--smoke" },
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var bench = Process.Start(startInfo)!;
            var stdout = bench.StandardOutput.ReadToEndAsync();
            var stderr = bench.StandardError.ReadToEndAsync();
            await bench.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));

            Assert.True(bench.ExitCode == 0, await stderr);
            var table = await stdout;
            Assert.Contains("| story8 | ours |", table);
            Assert.Contains("| story8 | phased |", table);
            Assert.Contains("phased / ours", table);
            Assert.Contains("| story8: phased / ours ≥ 2 |", table);              // the targets are checked

            using var figures = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "bench", "results", "latest.json")));
            var rows = figures.RootElement.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(2, rows.Count);
            Assert.All(rows, row =>
            {
                Assert.True(row.GetProperty("wallSeconds").GetDouble() > 0);
                Assert.Equal(0, row.GetProperty("failed").GetInt32());
                Assert.Equal(6, row.GetProperty("delivered").GetInt32());      // 3 items to 2 chats
            });
            var ours = rows.Single(row => row.GetProperty("contestant").GetString() == "ours");
            Assert.Equal(3, ours.GetProperty("uploads").GetInt32());            // the second chat by file_id
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
