using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StoryBot.Bot.Telegram;
using StoryBot.Core;
using StoryBot.Core.Delivery;
using StoryBot.Core.Media;
using StoryBot.Core.Media.Processing;
using StoryBot.Core.Outbox;
using StoryBot.Core.Sources;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace StoryBot.Bench;

/// <summary>The two contestants. Each runs in its own child process so its CPU and memory are its own.</summary>
public static class Contestants
{
    /// <summary>Ours: the real pipeline and Telegram delivery, wired as the bot wires them.</summary>
    public static async Task<ChildResult> OursAsync(BenchSpec spec)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Media:AllowedHosts:0"] = "127.0.0.1",
            ["Media:TempPath"] = spec.TempPath,
            ["Storage:DatabasePath"] = Path.Combine(spec.TempPath, "bench.db"),
            ["Telegram:BotToken"] = spec.TelegramToken,
            ["Telegram:ApiBaseUrl"] = spec.TelegramBaseUrl,
            ["Pipeline:EncoderThreads"] = spec.EncoderThreads.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        await using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ").AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(Environment.GetEnvironmentVariable("BENCH_LOG") == "1" ? LogLevel.Debug : LogLevel.Warning))
            .AddStoryBotCore(configuration)
            .Configure<TelegramOptions>(configuration.GetSection(TelegramOptions.Section))
            .AddKeyedSingleton<ITelegramBotClient>(TelegramTransport.ClientKey, new TelegramBotClient(
                new TelegramBotClientOptions(spec.TelegramToken, spec.TelegramBaseUrl) { RetryThreshold = 0 },
                new HttpClient { Timeout = TimeSpan.FromMinutes(10) }))
            .AddSingleton<IChatTransport, TelegramTransport>()
            .BuildServiceProvider();

        var media = services.GetRequiredService<MediaStages>();
        var outbox = services.GetRequiredService<ChatOutbox>();
        await media.StartAsync(CancellationToken.None);
        await outbox.StartAsync(CancellationToken.None);
        var cpu = ProcStats.CpuSecondsWithChildren();
        var started = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();

        var items = spec.Items.Select((item, i) => new StoryItem(item.Id, item.IsVideo ? MediaKind.Video : MediaKind.Photo,
            new Uri(item.Url), DateTimeOffset.FromUnixTimeSeconds(item.TakenAt), i)).ToList();
        var request = new DeliveryRequest(new StoryAccount(Platform.Snapchat, "bench_user"), StoryKind.Stories, items,
            spec.Chats.Select(chat => new DeliveryTarget(chat)).ToList());
        var result = await services.GetRequiredService<StoryDelivery>().DeliverAsync(request, FailurePolicy.ReportNow, CancellationToken.None);

        watch.Stop();
        var finished = new ChildResult(started, watch.Elapsed.TotalSeconds, ProcStats.CpuSecondsWithChildren() - cpu,
            ProcStats.PeakRssMb(), result.Delivered.Count, result.Failed.Count);
        await outbox.StopAsync(CancellationToken.None);
        await media.StopAsync(CancellationToken.None);
        return finished;
    }

    /// <summary>
    /// Phased: the original system's approach. All downloads at once, then ffmpeg two at a time on every video
    /// (re-encoding it, or with --phased-video copy the original's stream copy), then every item sent at once as a single message; on 429 it waited a fixed 1 s, then 2 s, then gave
    /// up, ignoring retry_after (which the bot honours: docs/telegram-bot-api.md §8).
    /// </summary>
    public static async Task<ChildResult> PhasedAsync(BenchSpec spec)
    {
        var folder = Directory.CreateTempSubdirectory("phased-").FullName;
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        var bot = new TelegramBotClient(new TelegramBotClientOptions(spec.TelegramToken, spec.TelegramBaseUrl) { RetryThreshold = 0 },
            new HttpClient { Timeout = TimeSpan.FromMinutes(10) });
        var cpu = ProcStats.CpuSecondsWithChildren();
        var started = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        try
        {
            // 1. Download everything at once.
            var files = await Task.WhenAll(spec.Items.Select(async (item, i) =>
            {
                var path = Path.Combine(folder, $"{i}.{(item.IsVideo ? "mp4" : "jpg")}");
                await using var body = await http.GetStreamAsync(item.Url);
                await using var file = File.Create(path);
                await body.CopyToAsync(file);
                return (item, path);
            }));

            // 2. ffmpeg two at a time, re-encoding every video.
            using var slots = new SemaphoreSlim(2);
            var processed = await Task.WhenAll(files.Select(async entry =>
            {
                if (!entry.item.IsVideo)
                    return entry;
                await slots.WaitAsync();
                try
                {
                    var output = entry.path + ".out.mp4";
                    string[] step = spec.PhasedVideo == PhasedVideoStep.Reencode
                        ? ["-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac"]
                        : ["-c", "copy", "-aspect", "9:16", "-metadata:s:v:0", "rotate=0"];
                    var run = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-y", "-i", entry.path, .. step, output],
                        TimeSpan.FromMinutes(5), CancellationToken.None);
                    if (run.ExitCode != 0)
                        throw new InvalidOperationException($"phased ffmpeg failed: {run.StandardErrorTail}");
                    return (entry.item, path: output);
                }
                finally
                {
                    slots.Release();
                }
            }));

            // 3. Send everything at once, one message per item.
            var sent = await Task.WhenAll(spec.Chats.SelectMany(chat => processed.Select(entry => SendWithFixedWaitsAsync(bot, chat, entry.item, entry.path))));
            watch.Stop();
            return new ChildResult(started, watch.Elapsed.TotalSeconds, ProcStats.CpuSecondsWithChildren() - cpu,
                ProcStats.PeakRssMb(), sent.Count(ok => ok), sent.Count(ok => !ok));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<bool> SendWithFixedWaitsAsync(ITelegramBotClient bot, long chat, BenchItem item, string path)
    {
        foreach (var wait in new[] { TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2) })
        {
            await Task.Delay(wait);
            try
            {
                await using var stream = File.OpenRead(path);
                var file = InputFile.FromStream(stream, Path.GetFileName(path));
                if (item.IsVideo)
                    await bot.SendVideo(chat, file, supportsStreaming: true);
                else
                    await bot.SendPhoto(chat, file);
                return true;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 429)
            {
            }
        }

        return false;
    }
}
