using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoryBot.Bot.Commands;
using StoryBot.Bot.Telegram;
using StoryBot.Core;
using StoryBot.Core.Operations;
using StoryBot.Core.Pipeline.Delivery;
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

        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        AddBot(builder.Services, builder.Configuration);
        return builder;
    }

    public static void AddBot(IServiceCollection services, IConfiguration configuration)
    {
        services.AddStoryBotCore(configuration);

        services.AddOptions<TelegramOptions>().Bind(configuration.GetSection(TelegramOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>();

        // HttpClient logging would write request URLs, and every Bot API URL contains the token.
        services.ConfigureHttpClientDefaults(http => http.RemoveAllLoggers());
        services.AddHttpClient("telegram")
            .AddTypedClient<ITelegramBotClient>((http, sp) =>
            {
                var options = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
                // RetryThreshold 0: 429s reach our per-chat queue instead of sleeping inside the client
                // (see TelegramStoryDelivery).
                return new TelegramBotClient(
                    new TelegramBotClientOptions(options.BotToken.Trim(), options.ApiBaseUrl.ToString()) { RetryThreshold = 0 },
                    http);
            });

        services.AddSingleton<BotIdentity>();
        services.AddSingleton<IStoryDelivery, TelegramStoryDelivery>();
        services.AddSingleton<ChatWorkQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<ChatWorkQueue>());
        services.AddSingleton<StoryCommand>();
        services.AddSingleton<IOperatorAlerts, TelegramOperatorAlerts>();
        services.AddSingleton<UpdateHandler>();
        services.AddHostedService<PollingService>();
    }
}
