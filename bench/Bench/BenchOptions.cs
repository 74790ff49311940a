using System.Globalization;

namespace StoryBot.Bench;

public sealed record BenchOptions(
    int Runs,
    IReadOnlyList<string> Workloads,
    TimeSpan CdnLatency,
    long CdnBytesPerSecond,
    TimeSpan TelegramLatency,
    bool Smoke)
{
    public static BenchOptions Parse(string[] args)
    {
        var smoke = args.Contains("--smoke");
        var options = new BenchOptions(
            Runs: smoke ? 1 : 5,
            Workloads: smoke ? ["story8"] : ["story8", "large8", "fanout"],
            CdnLatency: TimeSpan.FromMilliseconds(smoke ? 50 : 800),
            CdnBytesPerSecond: smoke ? 50_000_000 : 4_000_000,
            TelegramLatency: TimeSpan.FromMilliseconds(smoke ? 20 : 300),
            Smoke: smoke);

        for (var i = 0; i < args.Length - 1; i++)
        {
            var value = args[i + 1];
            options = args[i] switch
            {
                "--runs" => options with { Runs = int.Parse(value, CultureInfo.InvariantCulture) },
                "--workloads" => options with { Workloads = value.Split(',', StringSplitOptions.RemoveEmptyEntries) },
                "--cdn-latency-ms" => options with { CdnLatency = TimeSpan.FromMilliseconds(int.Parse(value, CultureInfo.InvariantCulture)) },
                "--cdn-bandwidth" => options with { CdnBytesPerSecond = long.Parse(value, CultureInfo.InvariantCulture) },
                "--telegram-latency-ms" => options with { TelegramLatency = TimeSpan.FromMilliseconds(int.Parse(value, CultureInfo.InvariantCulture)) },
                _ => options,
            };
        }

        return options;
    }
}
