using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StoryBot.Tests.Fakes.Cdn;
using StoryBot.Tests.Fakes.Instagram;
using StoryBot.Tests.Fakes.Snapchat;
using StoryBot.Tests.Fakes.Telegram;

namespace StoryBot.Bench.Soak;

/// <summary>
/// Issue #13's soak: the real bot in a process of its own, 1,000 subscriptions (400 Snapchat and 100 Instagram
/// accounts followed by 300 chats) on a schedule compressed to one interval a minute, new items on about 10 % of the
/// accounts each round, a few accounts failing for good (404, 5xx, a page that stalls). Everything it checks is read
/// from the fakes: what Telegram received, against what the sites showed.
/// </summary>
public sealed class SoakRun
{
    private const int SnapchatAccounts = 400;
    private const int InstagramAccounts = 100;
    private const int Chats = 300;
    private const int Subscriptions = 1000;
    private const double NewItemShare = 0.10;
    private const long FirstChat = 7_000_001;

    private readonly BenchOptions _options;
    private readonly FakeSnapchatSite _snapchat;
    private readonly FakeInstagramApi _instagram;
    private readonly FakeCdn _cdn;
    private readonly FakeTelegramServer _telegram;
    private readonly string _folder;
    private readonly byte[] _photo;
    private readonly List<SoakAccount> _accounts = [];
    private readonly Dictionary<SoakAccount, List<long>> _followers = [];
    private readonly ConcurrentDictionary<string, (SoakAccount Account, SoakItem Item)> _bySha = new(StringComparer.Ordinal);

    /// <summary>(chat, item sha) → when the orchestrator first saw it delivered, read every half second.</summary>
    private readonly Dictionary<(long Chat, string Sha), DateTimeOffset> _firstSeen = [];

    private SoakRun(BenchOptions options, FakeSnapchatSite snapchat, FakeInstagramApi instagram, FakeCdn cdn, FakeTelegramServer telegram, string folder, byte[] photo)
    {
        (_options, _snapchat, _instagram, _cdn, _telegram, _folder, _photo) = (options, snapchat, instagram, cdn, telegram, folder, photo);
    }

    public static async Task<SoakSummary> RunAsync(BenchOptions options)
    {
        var photo = await File.ReadAllBytesAsync(await Workloads.SoakPhotoAsync());
        var folder = Directory.CreateTempSubdirectory("bench-soak-").FullName;
        await using var snapchat = await FakeSnapchatSite.StartAsync();
        await using var instagram = await FakeInstagramApi.StartAsync();
        await using var cdn = await FakeCdn.StartAsync();
        // The same Telegram as the other workloads: latency per call and flood control per chat and per bot.
        await using var telegram = await FakeTelegramServer.StartAsync(new FakeTelegramOptions
        {
            ResponseLatency = options.TelegramLatency,
            Flood = new FloodModel { PerChatInterval = TimeSpan.FromSeconds(1), RetryAfterSeconds = 1 },
        });
        // A real page or API answer takes a while; the CDN serves the small photos at the workloads' bandwidth.
        snapchat.Latency = TimeSpan.FromMilliseconds(300);
        cdn.Latency = TimeSpan.FromMilliseconds(100);
        cdn.BytesPerSecond = options.CdnBytesPerSecond;
        try
        {
            return await new SoakRun(options, snapchat, instagram, cdn, telegram, folder, photo).RunAsync();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<SoakSummary> RunAsync()
    {
        var interval = _options.SoakInterval;
        var wall = Stopwatch.StartNew();
        MakeAccounts();
        var subscriptions = new List<SoakSubscription>();
        for (var k = 0; k < Subscriptions; k++)
        {
            // Pairs (k mod 500, k mod 300) never repeat below 1,500: every account has 2 followers, every chat 3 or 4.
            var account = _accounts[k % _accounts.Count];
            var chat = FirstChat + k % Chats;
            _followers[account].Add(chat);
            subscriptions.Add(new SoakSubscription(chat, account.Platform, account.Username));
        }

        // Accounts start with no story, as if every subscription had been made earlier and its items delivered
        // then: each round, about 10 % of the accounts show something new, round 1 included.
        foreach (var account in _accounts)
            Publish(account);

        var data = Path.Combine(_folder, "data");
        Directory.CreateDirectory(data);
        var spec = new SoakSpec(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = _telegram.Token,
            ["Telegram:ApiBaseUrl"] = _telegram.BaseUrl,
            ["Snapchat:BaseUrl"] = _snapchat.BaseUrl,
            ["Instagram:BaseUrl"] = _instagram.BaseUrl,
            ["Instagram:SessionId"] = _instagram.ValidSessionId,
            ["Media:AllowedHosts:0"] = "127.0.0.1",
            ["Media:TempPath"] = _folder,
            ["Storage:DatabasePath"] = Path.Combine(data, "bot.db"),
            ["Schedule:Snapchat:Interval"] = interval.ToString("c", CultureInfo.InvariantCulture),
            ["Schedule:Instagram:Interval"] = interval.ToString("c", CultureInfo.InvariantCulture),
            ["Schedule:Tick"] = "00:00:01",
            // The schedule is compressed about 30× (30 min → 60 s); Instagram's bot-wide spacing (4 s + up to 3 s)
            // is compressed alike, or 100 accounts alone would take ~9 minutes a round.
            ["Instagram:RequestInterval"] = "00:00:00.130",
            ["Instagram:RequestJitter"] = "00:00:00.100",
            ["Logging:LogLevel:Default"] = "Warning",
        }, subscriptions);
        var specPath = Path.Combine(_folder, "soak.json");
        await File.WriteAllTextAsync(specPath, JsonSerializer.Serialize(spec, new JsonSerializerOptions(JsonSerializerDefaults.Web)));

        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.ArgumentList.Add(typeof(SoakRun).Assembly.Location);
        startInfo.ArgumentList.Add("--soak-child");
        startInfo.ArgumentList.Add(specPath);
        BotRuntime.Apply(startInfo);
        using var child = Process.Start(startInfo)!;
        var log = new StringBuilder();
        var stderr = child.StandardError.ReadToEndAsync();
        while (await child.StandardOutput.ReadLineAsync() is { } line && line != "ready")
            log.AppendLine(line);
        if (child.HasExited)
            throw new InvalidOperationException($"the soak's bot did not start: {log}{await stderr}");
        var stdout = DrainAsync(child.StandardOutput, log);

        using var sampler = TreeMemorySampler.Start(child.Id);
        using var watching = new CancellationTokenSource();
        var watcher = WatchDeliveriesAsync(watching.Token);
        var start = DateTimeOffset.UtcNow;
        var rss = new List<double>();
        var cpu = new List<double>();
        var added = new Dictionary<int, (DateTimeOffset At, List<(SoakAccount Account, SoakItem Item)> Items)>();
        var cpuBefore = ProcessTree.CpuSecondsWithChildren(child.Id);
        var random = new Random(13);
        for (var round = 1; round <= _options.SoakRounds; round++)
        {
            var roundStart = start + interval * (round - 1);
            await DelayUntilAsync(roundStart);
            var healthy = _accounts.Where(a => a.Fault == SoakFault.None).ToList();
            var chosen = healthy.OrderBy(_ => random.Next()).Take((int)Math.Round(healthy.Count * NewItemShare)).ToList();
            added[round] = (DateTimeOffset.UtcNow, chosen.Select(account => (account, AddItem(account))).ToList());

            await DelayUntilAsync(roundStart + interval);
            rss.Add(ProcessTree.Memory(child.Id).RssKb / 1024.0);
            var cpuNow = ProcessTree.CpuSecondsWithChildren(child.Id);
            cpu.Add(cpuNow - cpuBefore);
            cpuBefore = cpuNow;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  soak round {round}: RSS {rss[^1]:0} MB, CPU {cpu[^1]:0.0} s, {_firstSeen.Count} deliveries so far"));
        }

        // Items added at the last round's start may wait for their account's next poll (the schedule's ±10 % jitter).
        var expected = Expected();
        var drainUntil = DateTimeOffset.UtcNow + interval * 0.25;
        while (DateTimeOffset.UtcNow < drainUntil && !expected.All(Delivered))
            await Task.Delay(500);
        await watching.CancelAsync();
        await watcher;
        Scan(DateTimeOffset.UtcNow);

        child.StandardInput.Close();
        if (!child.WaitForExit(TimeSpan.FromSeconds(40)))
            child.Kill(entireProcessTree: true);
        await stdout;
        var dbBytes = Directory.GetFiles(data, "bot*.db").Sum(file => new FileInfo(file).Length);

        var counts = Counts(out var unidentified);
        var calls = _telegram.Calls;
        var roundSeconds = added.Select(entry => entry.Value.Items
                .SelectMany(pair => _followers[pair.Account].Select(chat => _firstSeen.TryGetValue((chat, pair.Item.Sha256Hex), out var at) ? at : DateTimeOffset.MaxValue))
                .Max() is var last && last == DateTimeOffset.MaxValue ? double.NaN : (last - (start + interval * (entry.Key - 1))).TotalSeconds)
            .ToList();
        return new SoakSummary(
            "soak", Subscriptions, _accounts.Count, Chats, interval.TotalSeconds, _options.SoakRounds,
            expected.Count, counts.Count(c => expected.Contains(c.Key)),
            counts.Values.Sum(n => Math.Max(0, n - 1)) + counts.Keys.Count(pair => !expected.Contains(pair)),
            expected.Count(pair => !counts.ContainsKey(pair)), unidentified,
            calls.Count(call => call.StatusCode == 429),
            Median(roundSeconds), roundSeconds, rss,
            rss.Count >= 2 ? (rss[^1] - rss[1]) / rss[1] * 100 : double.NaN,
            dbBytes, Median(cpu), cpu,
            _snapchat.Requests.Count + _instagram.Requests.Count,
            calls.Count(call => call.Method is not "sendChatAction" and not "getUpdates"),
            sampler.PeakSystemMb, wall.Elapsed.TotalSeconds);
    }

    private void MakeAccounts()
    {
        // A few accounts fail for the whole soak: gone (404), broken (5xx), a page that stalls until the deadline.
        for (var i = 0; i < SnapchatAccounts; i++)
        {
            var fault = i switch { < 4 => SoakFault.NotFound, < 7 => SoakFault.ServerError, < 9 => SoakFault.Stall, _ => SoakFault.None };
            var account = new SoakAccount("Snapchat", $"soaksnap{i:000}", fault);
            _accounts.Add(account);
            _followers[account] = [];
        }

        for (var i = 0; i < InstagramAccounts; i++)
        {
            var fault = i switch { < 2 => SoakFault.NotFound, < 3 => SoakFault.ServerError, _ => SoakFault.None };
            var account = new SoakAccount("Instagram", $"soak.ig{i:000}", fault);
            _accounts.Add(account);
            _followers[account] = [];
        }
    }

    /// <summary>A new item on the account's story (its bytes unique to it), published on the fake site.</summary>
    private SoakItem AddItem(SoakAccount account)
    {
        var index = account.Items.Count;
        var path = Path.Combine(_folder, $"{account.Username}-{index}.jpg");
        // Bytes after a JPEG's end marker are ignored by every reader: they make each item's file its own.
        var bytes = _photo.Concat(Encoding.ASCII.GetBytes($"soak item {account.Platform} {account.Username} {index}")).ToArray();
        File.WriteAllBytes(path, bytes);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var item = account.Platform == "Snapchat"
            ? new SoakItem(SnapIds.Story(account.Username, index), _cdn.AddPhoto(path), now, Convert.ToHexStringLower(SHA256.HashData(bytes)))
            : new SoakItem(IgIds.Pk(), _cdn.AddInstagramPhoto(path), now, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        account.Items.Add(item);
        _bySha[item.Sha256Hex] = (account, item);
        Publish(account);
        return item;
    }

    private void Publish(SoakAccount account)
    {
        if (account.Platform == "Snapchat")
        {
            _snapchat.SetProfile(new SnapProfile(account.Username)
            {
                Snaps = account.Items.Select(item => new FakeSnap(item.Id, 0, item.Url, item.TakenAt)).ToList(),
            });
            switch (account.Fault)
            {
                case SoakFault.NotFound:
                    _snapchat.SetPage(account.Username, SnapPage.NotFound404);
                    break;
                case SoakFault.ServerError:
                    _snapchat.SetPage(account.Username, SnapPage.ServerError500);
                    break;
                case SoakFault.Stall:
                    _snapchat.SetPage(account.Username, SnapPage.StallAfterFirstKilobyte);
                    break;
            }

            return;
        }

        PublishInstagram(account);
    }

    /// <summary>
    /// Instagram's side of the soak, kept in one place: the account exists on the fake with its story, and the bot
    /// finds it the way it does in production. A gone account is simply not there; a broken one answers 500.
    /// </summary>
    private void PublishInstagram(SoakAccount account)
    {
        if (account.Fault == SoakFault.NotFound)
            return;
        _instagram.SetUser(new IgUser(account.Username)
        {
            Story = account.Items.Select(item => new IgItem(item.Id, 1, item.TakenAt, [new IgVersion(540, 960, item.Url)], [])).ToList(),
        });
        if (account.Fault == SoakFault.ServerError && account.Items.Count == 0)
            _instagram.SetScenario(IgScenario.ServerError500, account.Username);
    }

    private HashSet<(long Chat, string Sha)> Expected() =>
        _accounts.Where(a => a.Fault == SoakFault.None)
            .SelectMany(a => a.Items.SelectMany(item => _followers[a].Select(chat => (chat, item.Sha256Hex))))
            .ToHashSet();

    private bool Delivered((long Chat, string Sha) pair)
    {
        lock (_firstSeen)
            return _firstSeen.ContainsKey(pair);
    }

    private async Task WatchDeliveriesAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                Scan(DateTimeOffset.UtcNow);
                await Task.Delay(500, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Scan(DateTimeOffset now)
    {
        foreach (var (pair, _) in Counts(out _))
            lock (_firstSeen)
                _firstSeen.TryAdd(pair, now);
    }

    /// <summary>How many times each (chat, item) arrived; an item sent by file_id is known by the upload that made it.</summary>
    private Dictionary<(long Chat, string Sha), int> Counts(out int unidentified)
    {
        var messages = Enumerable.Range(0, Chats).SelectMany(i => _telegram.MessagesTo(FirstChat + i)).Where(m => m.Kind is "photo" or "video").ToList();
        var byFileId = messages.Where(m => m.Upload is not null).GroupBy(m => m.FileId).ToDictionary(g => g.Key, g => g.First().Upload!.Sha256Hex);
        var counts = new Dictionary<(long, string), int>();
        unidentified = 0;
        foreach (var message in messages)
        {
            var sha = message.Upload?.Sha256Hex ?? byFileId.GetValueOrDefault(message.FileId);
            if (sha is null || !_bySha.ContainsKey(sha))
            {
                unidentified++;
                continue;
            }

            counts[(message.ChatId, sha)] = counts.GetValueOrDefault((message.ChatId, sha)) + 1;
        }

        return counts;
    }

    private static async Task DelayUntilAsync(DateTimeOffset at)
    {
        var wait = at - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait);
    }

    private static async Task DrainAsync(StreamReader reader, StringBuilder log)
    {
        while (await reader.ReadLineAsync() is { } line)
            if (log.Length < 100_000)
                log.AppendLine(line);
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToList();
        return sorted.Count == 0 ? double.NaN
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
