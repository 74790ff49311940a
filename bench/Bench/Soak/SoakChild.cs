using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StoryBot.Bot;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;

namespace StoryBot.Bench.Soak;

/// <summary>
/// The soak's bot: the real host (Telegram polling, scheduler, poller, ledger on a LiteDB file, media stages, outbox)
/// as Program builds it, with its subscriptions written to the database before it starts, as if made over time by
/// /subscribe. It runs until the orchestrator closes its standard input.
/// </summary>
public static class SoakChild
{
    public static async Task RunAsync(SoakSpec spec)
    {
        var builder = BotHost.CreateBuilder([], spec.Settings);
        using var host = builder.Build();
        var subscriptions = host.Services.GetRequiredService<SubscriptionStore>();
        foreach (var subscription in spec.Subscriptions)
            subscriptions.Add(subscription.ChatId, Enum.Parse<Platform>(subscription.Platform), subscription.Username, addedBy: null, maxPerChat: 50);

        await host.StartAsync();
        Console.WriteLine("ready");
        await Console.In.ReadToEndAsync();
        await host.StopAsync();
    }
}
