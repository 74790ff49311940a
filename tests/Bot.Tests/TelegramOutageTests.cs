using Microsoft.Extensions.DependencyInjection;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;
using StoryBot.Tests.Fakes.Media;
using StoryBot.Tests.Fakes.Network;
using StoryBot.Tests.Fakes.Snapchat;

namespace StoryBot.Bot.Tests;

/// <summary>Telegram down, then unreachable, then back: through a real TCP proxy that refuses and then swallows everything.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class TelegramOutageTests
{
    [Fact]
    public async Task Nothing_is_recorded_while_telegram_is_out_and_every_item_arrives_once_when_it_is_back()
    {
        FaultyTcpProxy? proxy = null;
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?>
        {
            // Short deadlines stand in for the real 10 s connect and 30 s send timeouts.
            ["Telegram:SendTimeout"] = "00:00:02",
            ["Telegram:ConnectTimeout"] = "00:00:02",
            ["Schedule:Snapchat:Interval"] = "00:00:02",
            ["Schedule:Tick"] = "00:00:00.100",
        }, routeTelegram: url => (proxy = FaultyTcpProxy.Start(url)).BaseUrl);
        await using var _ = proxy!;
        var jpeg = await TestMedia.JpegAsync(320, 568);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        bot.Snapchat.SetProfile(new SnapProfile("coastal_ivy")
        {
            Snaps = Enumerable.Range(0, 3).Select(i => new FakeSnap(SnapIds.Story("coastal_ivy", i), 0, bot.Cdn.AddPhoto(jpeg), now - 600 + i)).ToList(),
        });
        var ledger = bot.Services.GetRequiredService<DeliveryLedger>();

        proxy!.Mode = LinkMode.Refuse;
        bot.Services.GetRequiredService<SubscriptionStore>().Add(880, Platform.Snapchat, "coastal_ivy", 42, 50);
        await Wait.UntilAsync(() => bot.Snapchat.Requests.Count >= 2, TimeSpan.FromSeconds(30));   // polled while refused
        proxy.Mode = LinkMode.Blackhole;
        await Wait.UntilAsync(() => bot.Snapchat.Requests.Count >= 4, TimeSpan.FromSeconds(60));   // and while swallowed
        Assert.Empty(ledger.Settled(880, Platform.Snapchat, "coastal_ivy"));                        // nothing counted as delivered
        Assert.Empty(bot.Telegram.MessagesTo(880));

        proxy.Mode = LinkMode.Pass;
        await bot.Telegram.WaitForMessagesAsync(880, m => m.Count(x => x.Kind == "photo") >= 3, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(5));                                                  // more polls go by

        Assert.Equal(3, bot.Telegram.MessagesTo(880).Count(m => m.Kind == "photo"));               // each exactly once
        Assert.Equal(3, ledger.Settled(880, Platform.Snapchat, "coastal_ivy").Count);
    }
}
