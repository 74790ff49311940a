using System.Diagnostics;
using System.Text.Json;
using StoryBot.Tests.Fakes.Cdn;
using StoryBot.Tests.Fakes.Telegram;

namespace StoryBot.Bench;

/// <summary>The simulated world (a throttled CDN and a Telegram with latency and flood control) and one run in it.</summary>
public sealed class World : IAsyncDisposable
{
    private readonly BenchOptions _options;
    private readonly FakeCdn _cdn;
    private readonly FakeTelegramServer _telegram;
    private long _nextChat = 1000;

    private World(BenchOptions options, FakeCdn cdn, FakeTelegramServer telegram) => (_options, _cdn, _telegram) = (options, cdn, telegram);

    public static async Task<World> StartAsync(BenchOptions options)
    {
        var cdn = await FakeCdn.StartAsync();
        cdn.Latency = options.CdnLatency;
        cdn.BytesPerSecond = options.CdnBytesPerSecond;
        // Telegram: per-call latency and ~1 message per second per chat, an album counting as one message.
        var telegram = await FakeTelegramServer.StartAsync(new FakeTelegramOptions
        {
            ResponseLatency = options.TelegramLatency,
            Flood = new FloodModel { PerChatInterval = TimeSpan.FromSeconds(1), RetryAfterSeconds = 1 },
        });
        return new World(options, cdn, telegram);
    }

    public async Task<RunRow> RunAsync(string workload, string contestant, int run, WorkloadMedia media, double lowerBound)
    {
        var chats = Enumerable.Range(0, media.Chats).Select(_ => Interlocked.Increment(ref _nextChat)).ToList();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        // Fresh URLs per run, so nothing is cached between runs.
        var items = media.Files.Select((file, i) => new BenchItem($"{workload}-{run}-{contestant}-{i}", file.IsVideo,
            file.IsVideo ? _cdn.AddVideo(file.Path) : _cdn.AddPhoto(file.Path), now - 100 + i)).ToList();
        var temp = Directory.CreateTempSubdirectory("bench-run-").FullName;
        var specPath = Path.Combine(temp, "spec.json");
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        await File.WriteAllTextAsync(specPath, JsonSerializer.Serialize(new BenchSpec(contestant, _telegram.BaseUrl, _telegram.Token, items, chats, temp, _options.PhasedVideo, _options.EncoderThreads), json));

        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.ArgumentList.Add(typeof(World).Assembly.Location);
        startInfo.ArgumentList.Add("--child");
        startInfo.ArgumentList.Add(specPath);
        BotRuntime.Apply(startInfo);
        using var child = Process.Start(startInfo)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();

        // The contestant's process and its ffmpeg/ffprobe children, sampled from here while the child works.
        var sampler = TreeMemorySampler.Start(child.Id);
        await child.WaitForExitAsync();
        sampler.Dispose();
        var output = (await stdout).Trim().Split('\n').LastOrDefault() ?? "";
        if (child.ExitCode != 0 || !output.StartsWith('{'))
            throw new InvalidOperationException($"{contestant} failed (exit {child.ExitCode}): {await stderr}");
        var result = JsonSerializer.Deserialize<ChildResult>(output, json)!;
        if (Environment.GetEnvironmentVariable("BENCH_LOG") == "1")
            Console.Error.WriteLine(await stderr);
        Directory.Delete(temp, recursive: true);

        var calls = _telegram.Calls.Where(call => call.ChatId is { } chat && chats.Contains(chat)).ToList();
        var mediaSent = calls.Where(call => call.StatusCode == 200 && call.Method is "sendPhoto" or "sendVideo" or "sendMediaGroup")
            .Select(call => (call.CompletedAt - result.StartedAt).TotalSeconds).ToList();
        var uploads = calls.Where(call => call.StatusCode == 200).Sum(call => call.Files.Count(f => f.FileName is not ("thumb.jpg" or "cover.jpg") && f.FieldName is not ("thumbnail" or "cover")));
        return new RunRow(workload, contestant, run, media.Chats, items.Count, result.WallSeconds,
            mediaSent.Count == 0 ? double.NaN : mediaSent.Min(), mediaSent.Count == 0 ? double.NaN : mediaSent.Max(),
            calls.Count(call => call.Method is not "sendChatAction"), calls.Count(call => call.StatusCode == 429),
            result.CpuSeconds, result.PeakRssMb, sampler.PeakFfmpegRssMb, sampler.PeakSystemMb, sampler.PeakBreakdown, sampler.PeakRawPssMb, sampler.SamplesPerSecond,
            items.Sum(item => _cdn.RequestCount(item.Url)), uploads, result.Delivered, result.Failed, lowerBound);
    }

    public async ValueTask DisposeAsync()
    {
        await _cdn.DisposeAsync();
        await _telegram.DisposeAsync();
    }
}

public sealed record RunRow(
    string Workload, string Contestant, int Run, int Chats, int Items, double WallSeconds, double FirstMediaSeconds, double LastMediaSeconds, int Calls, int TooManyRequests,
    double CpuSeconds, double PeakRssMb, double FfmpegPeakRssMb, double SystemPeakMb, string SystemPeakBreakdown, double SystemPeakRawPssMb, double SystemSamplesPerSecond, int CdnDownloads, int Uploads, int Delivered, int Failed, double LowerBoundSeconds);
