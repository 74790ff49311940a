using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StoryBot.Core.Pipeline;
using StoryBot.Core.Pipeline.Delivery;

namespace StoryBot.Core.Tests.Pipeline;

/// <summary>The real Core services (downloader, ffmpeg, pipeline) wired as the bot wires them, with a recording delivery.</summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public PipelineHarness(RecordingDelivery delivery, IDictionary<string, string?>? settings = null, TimeProvider? timeProvider = null)
    {
        TempRoot = Directory.CreateTempSubdirectory("storybot-test-").FullName;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Media:AllowedHosts:0"] = "127.0.0.1",
                ["Media:TempPath"] = TempRoot,
                ["Media:RetryBaseDelay"] = "00:00:00.050",
                ["Media:AttemptTimeout"] = "00:00:10",
                ["Storage:DatabasePath"] = Path.Combine(TempRoot, "data", "bot.db"),
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();

        Delivery = delivery;
        var services = new ServiceCollection();
        if (timeProvider is not null)
            services.AddSingleton(timeProvider);
        _services = services
            .AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug))
            .AddStoryBotCore(configuration)
            .AddSingleton<IStoryDelivery>(delivery)
            .BuildServiceProvider();
        Pipeline = _services.GetRequiredService<StoryPipeline>();
    }

    public string TempRoot { get; }
    public RecordingDelivery Delivery { get; }
    public StoryPipeline Pipeline { get; }
    public CapturingLoggerProvider Logs { get; } = new();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public async Task<PipelineHarness> StartAsync()
    {
        await Pipeline.StartAsync(CancellationToken.None);
        return this;
    }

    public async Task<DeliveryResult> DeliverAsync(DeliveryRequest request, TimeSpan? timeout = null)
    {
        var completion = await Pipeline.EnqueueAsync(request, CancellationToken.None);
        return await completion.WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
    }

    /// <summary>Files left in the media work folders.</summary>
    public IReadOnlyList<string> LeftoverFiles()
    {
        var work = Path.Combine(TempRoot, "storybot-work");
        return Directory.Exists(work) ? Directory.GetFiles(work, "*", SearchOption.AllDirectories) : [];
    }

    public async ValueTask DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("STORYBOT_TEST_LOGS") is { } dump)
            File.AppendAllLines(dump, Logs.Lines);
        await Pipeline.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        Directory.Delete(TempRoot, recursive: true);
    }
}
