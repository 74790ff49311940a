using System.Globalization;
using Microsoft.AspNetCore.Builder;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>
/// A loopback fake of api.telegram.org for end-to-end tests: serves POST /bot{token}/{method} on 127.0.0.1 with the
/// real status codes and error bodies, records every call, and lets tests inject updates and script faults.
/// <para>
/// It implements exactly the methods and parameters StoryBot uses (<see cref="ApiMethod.All"/>) and refuses anything
/// else, so that a new bot feature must grow the fake with it.
/// </para>
/// </summary>
public sealed partial class FakeTelegramServer : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly FakeTelegramOptions _options;
    private readonly string _uploadDirectory = Path.Combine(Path.GetTempPath(), "fake-telegram-" + Guid.NewGuid().ToString("N"));
    private readonly CancellationTokenSource _stopping = new();
    private readonly SendTimeline _sends = new();
    private WebApplication? _app;
    private long _uploadSequence;
    private int _disposed;

    private FakeTelegramServer(FakeTelegramOptions options)
    {
        _options = options;
        _flood = new FloodGate(options.Flood);
        Token = options.Token;
        BotUsername = options.BotUsername;
        var colon = options.Token.IndexOf(':', StringComparison.Ordinal);
        if (colon is < 1 or > 16 || !long.TryParse(options.Token.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var botId))
        {
            throw new ArgumentException("Bot token invalid: expected \"<1-16 digits>:<secret>\"", nameof(options));
        }

        BotId = botId;
        Directory.CreateDirectory(_uploadDirectory);
        _nextUpdateId = Random.Shared.Next(100_000_000, 900_000_000);
    }

    /// <summary>"http://127.0.0.1:PORT" (no trailing slash). Pass it as baseUrl to TelegramBotClientOptions.</summary>
    public string BaseUrl { get; private set; } = "";

    public string Token { get; }

    public string BotUsername { get; }

    /// <summary>Numeric prefix of the token, the bot's user id.</summary>
    public long BotId { get; }

    public static async Task<FakeTelegramServer> StartAsync(FakeTelegramOptions? options = null, CancellationToken ct = default)
    {
        var server = new FakeTelegramServer(options ?? new FakeTelegramOptions());
        try
        {
            var app = FakeHost.Build();
            app.Run(server.HandleAsync);
            server._app = app;
            server.BaseUrl = await FakeHost.StartAsync(app, ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Where an upload is saved: one file per part, named after the call so that a failing test can be read.</summary>
    private string SavePath(string method, string field, string fileName)
    {
        var sequence = Interlocked.Increment(ref _uploadSequence);
        var safeName = new string((Path.GetFileName(fileName) is { Length: > 0 } n ? n : "file")
            .Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
        if (safeName.Length > 80)
        {
            safeName = safeName[^80..];
        }

        var safeField = new string(field.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        var safeMethod = new string(method.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').Take(40).ToArray());
        return Path.Combine(_uploadDirectory, $"{sequence:D6}-{safeMethod}-{safeField}-{safeName}");
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        lock (_gate)
        {
            _activePoll?.Signal.TrySetResult(PollWake.Stopping);
        }

        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await FakeHost.StopAsync(_app);
        }

        try
        {
            Directory.Delete(_uploadDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
