using Microsoft.Extensions.DependencyInjection;
using StoryBot.Core.Media.Processing;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;
using StoryBot.Tests.Fakes.Media;
using StoryBot.Tests.Fakes.Snapchat;
using StoryBot.Tests.Fakes.Telegram;

namespace StoryBot.Bot.Tests;

/// <summary>The database on a real small filesystem that fills up during a delivery and then has room again.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class StorageFaultTests : IAsyncLifetime
{
    private readonly string _disk = Directory.CreateTempSubdirectory("storybot-db-disk-").FullName;
    private string Filler => Path.Combine(_disk, "filler");

    public async Task InitializeAsync() => await RunAsync("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", _disk);

    public async Task DisposeAsync()
    {
        await RunAsync("umount", "-l", _disk);
        Directory.Delete(_disk, recursive: true);
    }

    [Fact]
    public async Task A_disk_that_fills_during_a_delivery_loses_nothing_sends_nothing_twice_and_heals_without_a_restart()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:DatabasePath"] = Path.Combine(_disk, "bot.db"),
            ["Schedule:Snapchat:Interval"] = "00:00:01",
            ["Schedule:Tick"] = "00:00:00.100",
        });
        var jpeg = await TestMedia.JpegAsync(320, 568);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var snaps = new List<FakeSnap>();
        void Post()
        {
            snaps.Add(new FakeSnap(SnapIds.Story("coastal_ivy", snaps.Count), 0, bot.Cdn.AddPhoto(jpeg), now - 600 + snaps.Count));
            bot.Snapchat.SetProfile(new SnapProfile("coastal_ivy") { Snaps = snaps.ToList() });
        }

        int Photos() => bot.Telegram.MessagesTo(890).Count(m => m.Kind == "photo");
        var ledger = bot.Services.GetRequiredService<DeliveryLedger>();
        Post();
        bot.Services.GetRequiredService<SubscriptionStore>().Add(890, Platform.Snapchat, "coastal_ivy", 42, 50);
        await Wait.UntilAsync(() => Photos() == 1 && ledger.Settled(890, Platform.Snapchat, "coastal_ivy").Count == 1);

        // The next snap's upload is held 3 s by Telegram; the disk fills while it is on its way.
        bot.Telegram.AddFault(new TelegramFault("sendPhoto", 200, "", ChatId: 890, Times: 1, Delay: TimeSpan.FromSeconds(3)));
        var fetches = bot.Snapchat.Requests.Count;
        Post();
        await Wait.UntilAsync(() => bot.Snapchat.Requests.Count > fetches, TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(1));
        await FillAsync();
        await Wait.UntilAsync(() => Photos() == 2, TimeSpan.FromSeconds(30));        // Telegram took it…
        await Wait.UntilAsync(() => ledger.Unwritten == 1, TimeSpan.FromSeconds(10)); // …its record could not be written
        await Task.Delay(TimeSpan.FromSeconds(4));                                    // polls go on meanwhile
        Assert.Equal(2, Photos());                                                    // and send nothing again

        File.Delete(Filler);                                                          // room again, same process
        await Wait.UntilAsync(() => ledger.Unwritten == 0, TimeSpan.FromSeconds(30));
        Post();
        await Wait.UntilAsync(() => Photos() == 3, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(3, Photos());                                                    // each snap exactly once
        Assert.Equal(3, ledger.Settled(890, Platform.Snapchat, "coastal_ivy").Count);
    }

    /// <summary>Writes until the filesystem says it is full.</summary>
    private async Task FillAsync()
    {
        var chunk = new byte[64 * 1024];
        await using var file = new FileStream(Filler, FileMode.Create, FileAccess.Write, FileShare.None, 0);
        try
        {
            while (true)
                await file.WriteAsync(chunk);
        }
        catch (IOException)
        {
        }
    }

    private static async Task RunAsync(string command, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(command, arguments, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.True(result.ExitCode == 0, $"{command} failed: {result.StandardErrorTail}. This fault test needs root, for a real small filesystem.");
    }
}
