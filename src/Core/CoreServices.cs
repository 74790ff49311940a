using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StoryBot.Core.Media;
using StoryBot.Core.Operations;
using StoryBot.Core.Media.Processing;
using StoryBot.Core.Pipeline;
using StoryBot.Core.Sources;
using StoryBot.Core.Sources.Instagram;
using StoryBot.Core.Sources.Snapchat;
using StoryBot.Core.Storage;
using StoryBot.Core.Subscriptions;

namespace StoryBot.Core;

public static class CoreServices
{
    /// <summary>Sources, media handling and the pipeline. The host adds an <see cref="Pipeline.Delivery.IStoryDelivery"/>.</summary>
    public static IServiceCollection AddStoryBotCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IOperatorAlerts, LoggingOperatorAlerts>();

        services.AddOptions<SnapchatOptions>().Bind(configuration.GetSection(SnapchatOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MediaOptions>().Bind(configuration.GetSection(MediaOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<InstagramOptions>().Bind(configuration.GetSection(InstagramOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SubscriptionOptions>().Bind(configuration.GetSection(SubscriptionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ScheduleOptions>().Bind(configuration.GetSection(ScheduleOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PipelineOptions>().Bind(configuration.GetSection(PipelineOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

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
        // Instagram's 302s are signals (login, challenge), never followed; cookies are set by hand per request.
        services.AddHttpClient(InstagramApi.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<InstagramApi>(
            sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(InstagramApi.HttpClientName)));
        services.AddSingleton<InstagramGate>();
        services.AddSingleton<IStorySource, InstagramSource>();
        services.AddSingleton<MediaHostAllowList>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<MediaDownloader>(
            sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(MediaDownloader.HttpClientName)));
        services.AddSingleton<FfmpegToolchain>();
        services.AddSingleton<MediaProcessor>();
        services.AddSingleton<StoryPipeline>();
        services.AddHostedService(sp => sp.GetRequiredService<StoryPipeline>());
        services.AddSingleton<StorySources>();

        services.AddSingleton<StoryDatabase>();
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<DeliveryLedger>();
        services.AddSingleton<ChatMigrations>();
        services.AddSingleton<AccountPoller>();
        services.AddSingleton<SubscriptionScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<SubscriptionScheduler>());
        services.AddHostedService<RetentionService>();
        return services;
    }
}
