using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using StoryBot.Tests.Fakes.Cdn;
using StoryBot.Tests.Fakes.Instagram;
using StoryBot.Tests.Fakes.Snapchat;
using StoryBot.Tests.Fakes.Telegram;

namespace StoryBot.Bot.Tests;

/// <summary>
/// The real bot host (same builder as Program) wired to loopback fakes of Telegram, Snapchat and the CDN.
/// Every log line is captured so tests can check what was said and that no secret was.
/// </summary>
public sealed class BotHarness : IAsyncDisposable
{
    private IHost? _host;

    private BotHarness(FakeTelegramServer telegram, FakeSnapchatSite snapchat, FakeSnapchatShortLinks snapchatShortLinks, FakeInstagramApi instagram, FakeCdn cdn)
    {
        Telegram = telegram;
        Snapchat = snapchat;
        SnapchatShortLinks = snapchatShortLinks;
        Instagram = instagram;
        Cdn = cdn;
        TempRoot = Directory.CreateTempSubdirectory("storybot-e2e-").FullName;
        DataRoot = Directory.CreateTempSubdirectory("storybot-data-").FullName;
    }

    /// <summary>Where the LiteDB file lives (kept apart from the media work folders).</summary>
    public string DataRoot { get; }

    public FakeTelegramServer Telegram { get; }
    public FakeSnapchatSite Snapchat { get; }

    /// <summary>Stands in for t.snapchat.com.</summary>
    public FakeSnapchatShortLinks SnapchatShortLinks { get; }
    public FakeInstagramApi Instagram { get; }
    public FakeCdn Cdn { get; }
    public string TempRoot { get; }
    public ConcurrentQueue<string> Logs { get; } = new();
    public IServiceProvider Services => _host!.Services;

    /// <param name="routeTelegram">Where the bot reaches the fake Telegram, given its address (a proxy in front of it, say).</param>
    public static async Task<BotHarness> StartAsync(
        IDictionary<string, string?>? settings = null, FakeTelegramOptions? telegramOptions = null, Func<string, string>? routeTelegram = null)
    {
        var harness = new BotHarness(
            await FakeTelegramServer.StartAsync(telegramOptions),
            await FakeSnapchatSite.StartAsync(),
            await FakeSnapchatShortLinks.StartAsync(),
            await FakeInstagramApi.StartAsync(),
            await FakeCdn.StartAsync());
        harness._telegramUrl = routeTelegram?.Invoke(harness.Telegram.BaseUrl) ?? harness.Telegram.BaseUrl;
        await harness.StartHostAsync(settings);
        return harness;
    }

    private string _telegramUrl = "";

    public Dictionary<string, string?> Configuration(IDictionary<string, string?>? settings = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = Telegram.Token,
            ["Telegram:ApiBaseUrl"] = _telegramUrl,
            ["Telegram:MessageInterval"] = "00:00:00.200",
            ["Telegram:GroupMessageInterval"] = "00:00:00.300",
            ["Snapchat:BaseUrl"] = Snapchat.BaseUrl,
            ["Snapchat:ShortLinkBaseUrl"] = SnapchatShortLinks.BaseUrl,
            ["Instagram:BaseUrl"] = Instagram.BaseUrl,
            ["Instagram:SessionId"] = Instagram.ValidSessionId,
            // The bot-wide pacing, compressed: tests check what is asked, not the clock.
            ["Instagram:RequestInterval"] = "00:00:00.010",
            ["Instagram:RequestJitter"] = "00:00:00",
            ["Media:AllowedHosts:0"] = "127.0.0.1",
            ["Media:TempPath"] = TempRoot,
            ["Storage:DatabasePath"] = Path.Combine(DataRoot, "bot.db"),
            ["Media:RetryBaseDelay"] = "00:00:00.050",
            // Capture everything, so the secret checks see debug output too.
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            configuration[key] = value;
        return configuration;
    }

    private IDictionary<string, string?>? _settings;

    /// <summary>Stops the bot and starts a new one on the same database file and the same fakes: a real restart.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartHostAsync(_settings);
    }

    private async Task StartHostAsync(IDictionary<string, string?>? settings)
    {
        _settings = settings;
        var builder = BotHost.CreateBuilder([], Configuration(settings));
        builder.Logging.AddProvider(new QueueLoggerProvider(Logs));
        _host = builder.Build();
        await _host.StartAsync();
        // The bot is ready once it has introduced itself (getMe, setMyCommands) and holds a long poll.
        try
        {
            await Telegram.WaitForHeldPollAsync(TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"The bot did not start polling. Its log:\n{string.Join('\n', Logs)}", ex);
        }
    }


    /// <summary>Sends a command as a user and waits until the chat has received messages satisfying <paramref name="until"/>.</summary>
    public async Task<IReadOnlyList<SentMessage>> SendAsync(
        long chatId, string text, Func<IReadOnlyList<SentMessage>, bool> until, long fromUserId = 42, string? chatType = null, TimeSpan? timeout = null)
    {
        var before = Telegram.MessagesTo(chatId).Count;
        Telegram.InjectMessage(chatId, text, fromUserId, chatType);
        var all = await Telegram.WaitForMessagesAsync(chatId, messages => until(messages.Skip(before).ToList()), timeout ?? TimeSpan.FromSeconds(60));
        return all.Skip(before).ToList();
    }

    /// <summary>Sends a command and returns the single text reply.</summary>
    public async Task<string> AskAsync(long chatId, string text, long fromUserId = 42)
    {
        var replies = await SendAsync(chatId, text, messages => messages.Count >= 1, fromUserId);
        return Assert.Single(replies).Text!;
    }

    /// <summary>
    /// Files left in the work folders once the bot has finished what it was doing (a request's folder goes when its
    /// last chat is done, a moment after the last message arrives).
    /// </summary>
    public async Task<IReadOnlyList<string>> LeftoverFilesAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var files = Directory.Exists(TempRoot) ? Directory.GetFiles(TempRoot, "*", SearchOption.AllDirectories) : [];
            if (files.Length == 0 || DateTime.UtcNow > deadline)
                return files;
            await Task.Delay(50);
        }
    }

    public async Task StopAsync()
    {
        if (_host is null)
            return;
        await _host.StopAsync();
        _host.Dispose();
        _host = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Telegram.DisposeAsync();
        await Snapchat.DisposeAsync();
        await SnapchatShortLinks.DisposeAsync();
        await Instagram.DisposeAsync();
        await Cdn.DisposeAsync();
        foreach (var folder in new[] { TempRoot, DataRoot })
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(lines, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class QueueLogger(ConcurrentQueue<string> lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
