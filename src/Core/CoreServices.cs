using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoryBot.Core.Delivery;
using StoryBot.Core.Media;
using StoryBot.Core.Media.Processing;
using StoryBot.Core.Operations;
using StoryBot.Core.Outbox;
using StoryBot.Core.Sources;
using StoryBot.Core.Sources.Instagram;
using StoryBot.Core.Sources.Snapchat;
using StoryBot.Core.Storage;
using StoryBot.Core.Subscriptions;

namespace StoryBot.Core;

public static class CoreServices
{
    /// <summary>
    /// Sources, media stages, delivery, the chat outbox, storage and subscriptions. The host adds an
    /// <see cref="IChatTransport"/>.
    /// </summary>
    public static IServiceCollection AddStoryBotCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IOperatorAlerts, LoggingOperatorAlerts>();
        services.AddSingleton<OperatorNotices>();

        services.AddValidatedOptions<SnapchatOptions>(configuration, SnapchatOptions.Section);
        services.AddValidatedOptions<MediaOptions>(configuration, MediaOptions.Section);
        services.AddValidatedOptions<InstagramOptions>(configuration, InstagramOptions.Section);
        services.AddValidatedOptions<StorageOptions>(configuration, StorageOptions.Section);
        services.AddValidatedOptions<SubscriptionOptions>(configuration, SubscriptionOptions.Section);
        services.AddValidatedOptions<ScheduleOptions>(configuration, ScheduleOptions.Section);
        services.AddValidatedOptions<PipelineOptions>(configuration, PipelineOptions.Section);
        services.AddValidatedOptions<UploadOptions>(configuration, UploadOptions.Section);

        // Redirects are followed by hand (RedirectingHttp) so that every hop is checked against an allow-list.
        services.AddHttpClient(SnapchatSource.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        // Per-attempt timeouts come from the downloader's resilience pipeline, not from HttpClient.
        services.AddHttpClient(MediaDownloader.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(15),
            });

        services.AddSingleton<IStorySource>(sp => ActivatorUtilities.CreateInstance<SnapchatSource>(
            sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(SnapchatSource.HttpClientName)));
        // The same client: it never follows redirects, which is what reading a short link's target needs.
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<SnapchatShortLinks>(
            sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(SnapchatSource.HttpClientName)));
        // Instagram's 302s are signals (login, challenge), never followed; cookies are set by hand per request.
        services.AddHttpClient(InstagramApi.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        services.AddSingleton<InstagramSession>();
        services.AddSingleton<InstagramPacer>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<InstagramApi>(
            sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(InstagramApi.HttpClientName)));
        services.AddSingleton<InstagramGate>();
        services.AddSingleton<InstagramIdLookup>();
        services.AddHostedService<InstagramSessionWatcher>();
        services.AddSingleton<IStorySource, InstagramSource>();
        services.AddSingleton<MediaHostAllowList>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<MediaDownloader>(
            sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(MediaDownloader.HttpClientName)));
        services.AddSingleton<FfmpegToolchain>();
        services.AddSingleton<MediaProcessor>();
        services.AddSingleton<MediaStages>();
        services.AddHostedService(sp => sp.GetRequiredService<MediaStages>());
        services.AddSingleton<ChatOutbox>();
        services.AddHostedService(sp => sp.GetRequiredService<ChatOutbox>());
        services.AddSingleton<StorySources>();

        // Storage's constructors are internal (LiteDB stays behind the typed stores), so they are built here.
        services.AddSingleton<StoryDatabase>();
        services.AddSingleton(sp => new SubscriptionStore(sp.GetRequiredService<StoryDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new DeliveryLedger(
            sp.GetRequiredService<StoryDatabase>(), sp.GetRequiredService<IOptions<StorageOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new FileIdStore(sp.GetRequiredService<StoryDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new AccountStateStore(sp.GetRequiredService<StoryDatabase>()));
        services.AddSingleton(sp => new InstagramAccountStore(sp.GetRequiredService<StoryDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new StorageHealth(sp.GetRequiredService<StoryDatabase>(), sp.GetRequiredService<DeliveryLedger>()));
        services.AddSingleton<ChatMigrations>();
        services.AddSingleton<DeliveryRecorder>();
        services.AddSingleton(sp => new StoryDelivery(
            sp.GetRequiredService<MediaStages>(), sp.GetRequiredService<ChatOutbox>(), sp.GetRequiredService<DeliveryRecorder>(),
            sp.GetRequiredService<ILogger<StoryDelivery>>()));
        services.AddSingleton<AccountPoller>();
        services.AddSingleton<SubscriptionScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<SubscriptionScheduler>());
        services.AddHostedService<RetentionService>();
        return services;
    }

    /// <summary>Binds the section, checks its data annotations, and fails start-up when they do not hold.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class
    {
        services.AddSingleton(new ValidatedSection(typeof(T)));
        return services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
    }
}
