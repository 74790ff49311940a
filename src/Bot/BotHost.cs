using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using StoryBot.Bot.Commands;
using StoryBot.Bot.Health;
using StoryBot.Bot.Telegram;
using StoryBot.Core;
using StoryBot.Core.Operations;
using StoryBot.Core.Outbox;
using Telegram.Bot;

namespace StoryBot.Bot;

/// <summary>Builds the bot's host; Program runs it and the end-to-end tests start the same one.</summary>
public static class BotHost
{
    /// <summary>SIGTERM to exit: Docker's default grace is 30 s, so everything must be stopped well before that.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(25);

    public static HostApplicationBuilder CreateBuilder(string[] args, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            // appsettings.json is copied next to the binary; read it from there whatever the working folder.
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (overrides is not null)
            builder.Configuration.AddInMemoryCollection(overrides);

        // One line per entry, UTC with the date; Logging:Console:FormatterName "json" gives JSON lines for a log
        // collector instead ("simple" by default).
        builder.Logging.AddConsole();
        builder.Services.Configure<SimpleConsoleFormatterOptions>(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Services.Configure<JsonConsoleFormatterOptions>(console =>
        {
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        AddBot(builder.Services, builder.Configuration);
        return builder;
    }

    private static TelegramBotClient CreateClient(IServiceProvider services, int retryThreshold)
    {
        var options = services.GetRequiredService<IOptions<TelegramOptions>>().Value;
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient("telegram");
        return new TelegramBotClient(
            new TelegramBotClientOptions(options.BotToken.Trim(), options.ApiBaseUrl.ToString()) { RetryThreshold = retryThreshold },
            http);
    }

    public static void AddBot(IServiceCollection services, IConfiguration configuration)
    {
        services.AddStoryBotCore(configuration);

        services.AddValidatedOptions<TelegramOptions>(configuration, TelegramOptions.Section);
        services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>();

        // HttpClient logging would write request URLs, and every Bot API URL contains the token.
        services.ConfigureHttpClientDefaults(http => http.RemoveAllLoggers());
        // Uploads of up to 50 MB (10 in an album) need far longer than HttpClient's default 100 s. The long poll
        // asks Telegram for this timeout too; Telegram answers within ~50 s regardless.
        services.AddValidatedOptions<HealthOptions>(configuration, HealthOptions.Section);
        services.AddHttpClient("telegram", http => http.Timeout = TimeSpan.FromMinutes(10))
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = sp.GetRequiredService<IOptions<TelegramOptions>>().Value.ConnectTimeout,
            })
            .AddHttpMessageHandler(() => new HeartbeatHandler(HealthOptions.HeartbeatPath(configuration)));
        // Two clients over the same connection pool:
        // - everything sent to chats (through the outbox) has Telegram.Bot's built-in 429 retry off
        //   (RetryThreshold 0), so a 429 reaches the outbox, which waits it out without holding a send slot;
        // - polling and the start-up calls keep the library's retry.
        services.AddSingleton<ITelegramBotClient>(sp => CreateClient(sp, retryThreshold: 60));
        services.AddKeyedSingleton<ITelegramBotClient>(TelegramTransport.ClientKey, (sp, _) => CreateClient(sp, retryThreshold: 0));
        services.AddSingleton<BotIdentity>();
        services.AddSingleton<IChatTransport, TelegramTransport>();
        services.AddSingleton<ChatWorkQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<ChatWorkQueue>());
        services.AddSingleton<StoryCommand>();
        services.AddSingleton<ChatJobs>();
        services.AddSingleton<FollowTargets>();
        services.AddSingleton<SubscriptionChanges>();
        services.AddSingleton<SubscriptionCommands>();
        services.AddSingleton<SubscriptionList>();
        services.AddSingleton<SubscriptionButtons>();
        services.AddSingleton<PollCommand>();
        services.AddSingleton<StatusCommand>();
        services.AddSingleton<IOperatorAlerts, TelegramOperatorAlerts>();
        services.AddSingleton<AccessRefusals>();
        services.AddSingleton<GroupAdmins>();
        services.AddSingleton<ChannelAccess>();
        services.AddSingleton<CallbackQueryHandler>();
        services.AddSingleton<UpdateHandler>();
        services.AddHostedService<PollingService>();
    }
}
