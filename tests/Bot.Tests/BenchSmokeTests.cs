using System.Diagnostics;
using System.Text.Json;

namespace StoryBot.Bot.Tests;

/// <summary>Runs the benchmark with one tiny iteration: it must keep working, not be fast.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class BenchSmokeTests
{
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
