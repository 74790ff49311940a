using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StoryBot.Core.Delivery;
using StoryBot.Core.Media;
using StoryBot.Core.Outbox;

namespace StoryBot.Core.Tests.Pipeline;

/// <summary>
/// The real Core services (media stages, delivery, outbox, storage) wired as the bot wires them, with a recording
/// transport in Telegram's place.
/// </summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public PipelineHarness(
        RecordingTransport transport,
        IDictionary<string, string?>? settings = null,
        TimeProvider? timeProvider = null,
        Action<IServiceCollection>? replace = null)
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

        Transport = transport;
        var services = new ServiceCollection();
        if (timeProvider is not null)
            services.AddSingleton(timeProvider);
        services
            .AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug))
            .AddStoryBotCore(configuration)
            .AddSingleton<IChatTransport>(transport);
        replace?.Invoke(services);
        _services = services.BuildServiceProvider();
        Stories = _services.GetRequiredService<StoryDelivery>();
        Media = _services.GetRequiredService<MediaStages>();
        Outbox = _services.GetRequiredService<ChatOutbox>();
    }

    public string TempRoot { get; }
    public RecordingTransport Transport { get; }
    public StoryDelivery Stories { get; }
    public MediaStages Media { get; }
    public ChatOutbox Outbox { get; }
    public CapturingLoggerProvider Logs { get; } = new();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public async Task<PipelineHarness> StartAsync()
    {
        await Media.StartAsync(CancellationToken.None);
        await Outbox.StartAsync(CancellationToken.None);
        return this;
    }

    /// <summary>Delivers as a command does (<see cref="FailurePolicy.ReportNow"/>) unless told otherwise.</summary>
    public Task<DeliveryResult> DeliverAsync(DeliveryRequest request, TimeSpan? timeout = null, FailurePolicy policy = FailurePolicy.ReportNow) =>
        Stories.DeliverAsync(request, policy, CancellationToken.None).WaitAsync(timeout ?? TimeSpan.FromSeconds(60));

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
        await Outbox.StopAsync(CancellationToken.None);
        await Media.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        Directory.Delete(TempRoot, recursive: true);
    }
}
