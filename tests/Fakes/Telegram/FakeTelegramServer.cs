using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>
/// A loopback fake of api.telegram.org for end-to-end tests: serves POST/GET /bot{token}/{method} on 127.0.0.1 with the
/// real status codes and error bodies, records every call, and lets tests inject updates and script faults.
/// </summary>
public sealed partial class FakeTelegramServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions JsonOutput = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] MethodNames =
    [
        "getMe", "getUpdates", "deleteWebhook", "setWebhook", "getWebhookInfo", "setMyCommands", "getMyCommands",
        "deleteMyCommands", "sendMessage", "sendPhoto", "sendVideo", "sendDocument", "sendMediaGroup", "sendChatAction",
        "editMessageText", "deleteMessage",
    ];

    private static readonly Dictionary<string, string> CanonicalMethods =
        MethodNames.ToDictionary(m => m, m => m, StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> MessageSendMethods =
        new(["sendMessage", "sendPhoto", "sendVideo", "sendDocument", "sendMediaGroup"], StringComparer.Ordinal);

    private readonly object _gate = new();
    private readonly FakeTelegramOptions _options;
    private readonly bool _ownsUploadDirectory;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<CallSlot> _calls = [];
    private readonly List<FaultState> _faults = [];
    private readonly List<SendInterval> _sendIntervals = [];
    private readonly Dictionary<long, List<SentMessage>> _sent = [];
    private TaskCompletionSource _changed = NewSignal();
    private WebApplication? _app;
    private long _uploadSequence;
    private int _disposed;

    private FakeTelegramServer(FakeTelegramOptions options)
    {
        _options = options;
        Token = options.Token;
        BotUsername = options.BotUsername;
        var colon = options.Token.IndexOf(':', StringComparison.Ordinal);
        if (colon is < 1 or > 16 || !long.TryParse(options.Token.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var botId))
        {
            throw new ArgumentException("Bot token invalid: expected \"<1-16 digits>:<secret>\"", nameof(options));
        }

        BotId = botId;
        if (options.UploadDirectory is null)
        {
            UploadDirectory = Path.Combine(Path.GetTempPath(), "fake-telegram-" + Guid.NewGuid().ToString("N"));
            _ownsUploadDirectory = true;
        }
        else
        {
            UploadDirectory = Path.GetFullPath(options.UploadDirectory);
        }

        Directory.CreateDirectory(UploadDirectory);
        InitUpdates();
    }

    /// <summary>"http://127.0.0.1:PORT" (no trailing slash). Pass it as baseUrl to TelegramBotClientOptions.</summary>
    public string BaseUrl { get; private set; } = "";

    public string Token { get; }

    public string BotUsername { get; }

    /// <summary>Numeric prefix of the token, the bot's user id.</summary>
    public long BotId { get; }

    /// <summary>Where uploads are saved.</summary>
    public string UploadDirectory { get; }

    public static async Task<FakeTelegramServer> StartAsync(FakeTelegramOptions? options = null, CancellationToken ct = default)
    {
        var server = new FakeTelegramServer(options ?? new FakeTelegramOptions());
        try
        {
            await server.StartCoreAsync(ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(FakeTelegramServer).Assembly.GetName().Name,
            ContentRootPath = UploadDirectory, // keep any appsettings.json of the test project out of the fake
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var app = builder.Build();
        app.Run(HandleAsync);
        _app = app;
        await app.StartAsync(ct);
        var address = app.Urls.First();
        BaseUrl = new Uri(address).GetLeftPart(UriPartial.Authority);
    }

    // ------------------------------------------------------------------ test-facing API

    /// <summary>Snapshot of all answered calls, in arrival order.</summary>
    public IReadOnlyList<RecordedCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return _calls.Where(s => s.Record is not null).Select(s => s.Record!).ToList();
            }
        }
    }

    /// <summary>Messages successfully sent to the chat, in order (edits update the entry; deleted ones stay, with Deleted = true).</summary>
    public IReadOnlyList<SentMessage> MessagesTo(long chatId)
    {
        lock (_gate)
        {
            return _sent.TryGetValue(chatId, out var list) ? list.ToList() : [];
        }
    }

    /// <summary>All chats the bot sent to.</summary>
    public IReadOnlyList<long> ChatsWithMessages()
    {
        lock (_gate)
        {
            return _sent.Keys.ToList();
        }
    }

    public async Task<IReadOnlyList<SentMessage>> WaitForMessagesAsync(long chatId, Func<IReadOnlyList<SentMessage>, bool> until, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            Task changed;
            IReadOnlyList<SentMessage> snapshot;
            lock (_gate)
            {
                changed = _changed.Task;
                snapshot = _sent.TryGetValue(chatId, out var list) ? list.ToList() : [];
            }

            if (until(snapshot))
            {
                return snapshot;
            }

            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (deadline <= Stopwatch.GetTimestamp() || !await WaitChangedAsync(changed, remaining))
            {
                lock (_gate)
                {
                    snapshot = _sent.TryGetValue(chatId, out var list) ? list.ToList() : [];
                }

                if (until(snapshot))
                {
                    return snapshot;
                }

                throw new TimeoutException(DescribeChat(chatId, timeout, snapshot));
            }
        }
    }

    public async Task<RecordedCall> WaitForCallAsync(Func<RecordedCall, bool> predicate, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            Task changed;
            List<RecordedCall> calls;
            lock (_gate)
            {
                changed = _changed.Task;
                calls = _calls.Where(s => s.Record is not null).Select(s => s.Record!).ToList();
            }

            var match = calls.FirstOrDefault(predicate);
            if (match is not null)
            {
                return match;
            }

            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (deadline <= Stopwatch.GetTimestamp() || !await WaitChangedAsync(changed, remaining))
            {
                match = Calls.FirstOrDefault(predicate);
                if (match is not null)
                {
                    return match;
                }

                var text = new StringBuilder($"No matching Telegram call within {timeout}. Calls so far ({calls.Count}):");
                foreach (var call in calls.TakeLast(50))
                {
                    text.Append(CultureInfo.InvariantCulture, $"\n  {call.At:HH:mm:ss.fff} {call.Method} chat={call.ChatId?.ToString(CultureInfo.InvariantCulture) ?? "-"} -> {call.StatusCode}{(call.ErrorDescription is null ? "" : " " + call.ErrorDescription)}");
                }

                throw new TimeoutException(text.ToString());
            }
        }
    }

    public void AddFault(TelegramFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_gate)
        {
            _faults.Add(new FaultState(fault));
        }
    }

    /// <summary>Removes all scripted faults (used or not).</summary>
    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    public int MaxConcurrentSendsObserved
    {
        get
        {
            lock (_gate)
            {
                return MaxOverlap(_sendIntervals);
            }
        }
    }

    public int MaxConcurrentSendsPerChatObserved
    {
        get
        {
            lock (_gate)
            {
                return _sendIntervals.Where(i => i.ChatId is not null).GroupBy(i => i.ChatId).Select(g => MaxOverlap(g)).DefaultIfEmpty(0).Max();
            }
        }
    }

    private static int MaxOverlap(IEnumerable<SendInterval> intervals)
    {
        var events = new List<(long At, int Delta)>();
        foreach (var interval in intervals)
        {
            events.Add((interval.Start, +1));
            events.Add((interval.End ?? long.MaxValue, -1));
        }

        // at equal times an end is processed before a start: back-to-back calls do not overlap
        events.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Delta.CompareTo(b.Delta));
        int current = 0, max = 0;
        foreach (var (_, delta) in events)
        {
            current += delta;
            max = Math.Max(max, current);
        }

        return max;
    }

    private static async Task<bool> WaitChangedAsync(Task changed, TimeSpan remaining)
    {
        if (remaining <= TimeSpan.Zero)
        {
            return false;
        }

        var finished = await Task.WhenAny(changed, Task.Delay(remaining));
        return finished == changed;
    }

    private string DescribeChat(long chatId, TimeSpan timeout, IReadOnlyList<SentMessage> messages)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Condition on messages to chat {chatId} not met within {timeout}. Sent so far ({messages.Count}):");
        foreach (var m in messages)
        {
            var body = m.Kind == "text" ? m.Text : m.Caption;
            if (body is { Length: > 200 })
            {
                body = body[..200] + "…";
            }

            text.Append(CultureInfo.InvariantCulture, $"\n  #{m.MessageId} {m.Kind}{(m.MediaGroupId is null ? "" : " album " + m.MediaGroupId)}{(m.Deleted ? " (deleted)" : "")}: {body}");
            if (m.Upload is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $" [upload {m.Upload.FileName}, {m.Upload.Length} bytes]");
            }
        }

        List<RecordedCall> calls;
        lock (_gate)
        {
            calls = _calls.Where(s => s.Record is not null && s.Record.ChatId == chatId).Select(s => s.Record!).ToList();
        }

        text.Append(CultureInfo.InvariantCulture, $"\nCalls for this chat ({calls.Count}):");
        foreach (var call in calls.TakeLast(40))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {call.At:HH:mm:ss.fff} {call.Method} -> {call.StatusCode}{(call.ErrorDescription is null ? "" : " " + call.ErrorDescription)}");
        }

        return text.ToString();
    }

    // ------------------------------------------------------------------ request pipeline

    private sealed class CallSlot
    {
        public RecordedCall? Record { get; set; }
    }

    private sealed class SendInterval
    {
        public long Start { get; init; }
        public long? End { get; set; }
        public long? ChatId { get; set; }
    }

    private sealed class FaultState(TelegramFault fault)
    {
        public TelegramFault Fault { get; } = fault;
        public int Used { get; set; }
        public bool Exhausted => Fault.Times > 0 && Used >= Fault.Times;
    }

    /// <summary>Per-request state handed to method handlers.</summary>
    private sealed class Call
    {
        public required HttpContext Http { get; init; }
        public required string Method { get; set; }
        public required DateTimeOffset At { get; init; }
        public required CallSlot Slot { get; init; }
        public ParsedRequest Request { get; set; } = new();
        public long? ChatId { get; set; }
        public bool Answered { get; set; }
        public string? Description { get; set; }

        public string? Arg(string name) => Request.Fields.TryGetValue(name, out var value) ? value : null;

        public string ArgOrEmpty(string name) => Arg(name) ?? "";

        public bool Bool(string name) => ToBool(Arg(name));

        /// <summary>Like the server's get_integer_arg: missing → default, garbage → 0, then clamped.</summary>
        public int Int(string name, int defaultValue, int min = int.MinValue, int max = int.MaxValue)
        {
            var text = Arg(name);
            if (string.IsNullOrEmpty(text))
            {
                return defaultValue;
            }

            var value = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
            return (int)Math.Clamp(value, min, max);
        }
    }

    internal static bool ToBool(string? value) =>
        value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");

    private async Task HandleAsync(HttpContext http)
    {
        var at = DateTimeOffset.UtcNow;
        var startTicks = Stopwatch.GetTimestamp();
        var path = http.Request.Path.Value ?? "";
        string? token = null;
        string rawMethod = path;
        if (path.StartsWith("/bot", StringComparison.Ordinal))
        {
            var rest = path[4..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                token = rest[..slash];
                rawMethod = rest[(slash + 1)..];
            }
        }

        var canonical = CanonicalMethods.TryGetValue(rawMethod, out var known) ? known : null;
        var call = new Call { Http = http, Method = canonical ?? rawMethod, At = at, Slot = ReserveSlot() };

        SendInterval? interval = null;
        if (canonical is not null && MessageSendMethods.Contains(canonical) && token == Token)
        {
            interval = new SendInterval { Start = startTicks };
            lock (_gate)
            {
                _sendIntervals.Add(interval);
            }
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping.Token);
        var ct = linked.Token;
        try
        {
            call.Request = await TelegramRequestParser.ParseAsync(http.Request, SavePathFor(call.Method), ct);
            call.ChatId = ParseChatId(call.Arg("chat_id"));
            if (interval is not null)
            {
                lock (_gate)
                {
                    interval.ChatId = call.ChatId;
                }
            }

            if (token is null)
            {
                throw new TelegramApiException(404, "Not Found");
            }

            if (token != Token)
            {
                throw new TelegramApiException(401, "Unauthorized");
            }

            if (_options.ResponseLatency > TimeSpan.Zero)
            {
                await Task.Delay(_options.ResponseLatency, ct);
            }

            var fault = TakeFault(call.Method, call.ChatId);
            if (fault is not null)
            {
                if (fault.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(fault.Delay, ct);
                }

                if (fault.DropConnection)
                {
                    Finish(call, 0, null);
                    http.Abort();
                    return;
                }

                if (fault.StatusCode >= 400)
                {
                    var description = string.IsNullOrEmpty(fault.Description) ? DefaultDescription(fault.StatusCode) : fault.Description;
                    throw new TelegramApiException(fault.StatusCode, description, fault.RetryAfter, fault.MigrateToChatId);
                }
            }

            if (canonical is null)
            {
                throw new TelegramApiException(404, "Not Found");
            }

            if (call.Request.BodyError is not null)
            {
                throw new TelegramApiException(400, call.Request.BodyError);
            }

            var (result, okDescription) = await DispatchAsync(call, ct);
            var body = new JsonObject { ["ok"] = true, ["result"] = result };
            if (okDescription is not null)
            {
                body["description"] = okDescription;
            }

            await RespondAsync(call, 200, body);
        }
        catch (TelegramApiException error)
        {
            if (!call.Answered)
            {
                var body = new JsonObject { ["ok"] = false, ["error_code"] = error.Code, ["description"] = error.Description };
                if (error.RetryAfter is not null || error.MigrateToChatId is not null)
                {
                    var parameters = new JsonObject();
                    if (error.MigrateToChatId is not null)
                    {
                        parameters["migrate_to_chat_id"] = error.MigrateToChatId.Value;
                    }

                    if (error.RetryAfter is not null)
                    {
                        parameters["retry_after"] = error.RetryAfter.Value;
                    }

                    body["parameters"] = parameters;
                }

                call.Description = error.Description;
                await TryRespondAsync(call, error.Code, body);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException or ConnectionResetException)
        {
            if (!call.Answered)
            {
                if (_stopping.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
                {
                    // the fake is being disposed while this request waited: answer like a restarting Bot API server
                    call.Description = "Internal Server Error: restart";
                    await TryRespondAsync(call, 500, new JsonObject { ["ok"] = false, ["error_code"] = 500, ["description"] = call.Description });
                }
                else
                {
                    // the client went away; nothing was delivered
                    Finish(call, 0, null);
                }
            }
        }
        catch (Exception ex)
        {
            if (!call.Answered)
            {
                call.Description = "Internal Server Error: fake failed: " + ex.Message;
                await TryRespondAsync(call, 500, new JsonObject { ["ok"] = false, ["error_code"] = 500, ["description"] = call.Description });
            }
        }
        finally
        {
            if (interval is not null)
            {
                lock (_gate)
                {
                    interval.End = Stopwatch.GetTimestamp();
                }
            }
        }
    }

    private static string DefaultDescription(int code) => code switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        413 => "Request Entity Too Large",
        429 => "Too Many Requests: retry after 1",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Error",
    };

    private Func<string, string, string> SavePathFor(string method) => (field, fileName) =>
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
        return Path.Combine(UploadDirectory, $"{sequence:D6}-{safeMethod}-{safeField}-{safeName}");
    };

    private static long? ParseChatId(string? value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) ? id : null;

    private CallSlot ReserveSlot()
    {
        var slot = new CallSlot();
        lock (_gate)
        {
            _calls.Add(slot);
        }

        return slot;
    }

    private TelegramFault? TakeFault(string method, long? chatId)
    {
        lock (_gate)
        {
            foreach (var state in _faults)
            {
                var fault = state.Fault;
                if (state.Exhausted)
                {
                    continue;
                }

                if (fault.Method != "*" && !fault.Method.Equals(method, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (fault.ChatId is not null && fault.ChatId != chatId)
                {
                    continue;
                }

                state.Used++;
                return fault;
            }
        }

        return null;
    }

    private void Finish(Call call, int status, string? description)
    {
        lock (_gate)
        {
            call.Answered = true;
            call.Slot.Record = new RecordedCall(
                call.Method,
                call.At,
                call.ChatId,
                new Dictionary<string, string>(call.Request.Fields, StringComparer.Ordinal),
                call.Request.FileList.ToList(),
                status,
                call.Request.ContentType)
            {
                ErrorDescription = description,
                CompletedAt = DateTimeOffset.UtcNow,
            };
            SignalChangedLocked();
        }
    }

    private async Task RespondAsync(Call call, int status, JsonObject body)
    {
        Finish(call, status, status == 200 ? null : call.Description);
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString(JsonOutput));
        var response = call.Http.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, call.Http.RequestAborted);
    }

    private async Task TryRespondAsync(Call call, int status, JsonObject body)
    {
        try
        {
            await RespondAsync(call, status, body);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ConnectionResetException)
        {
        }
    }

    private void SignalChangedLocked()
    {
        var previous = _changed;
        _changed = NewSignal();
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Task<(JsonNode? Result, string? Description)> DispatchAsync(Call call, CancellationToken ct) => call.Method switch
    {
        "getMe" => Task.FromResult<(JsonNode?, string?)>((GetMe(), null)),
        "getUpdates" => GetUpdatesAsync(call, ct),
        "deleteWebhook" => Task.FromResult(DeleteWebhook(call)),
        "setWebhook" => Task.FromResult(SetWebhook(call)),
        "getWebhookInfo" => Task.FromResult<(JsonNode?, string?)>((GetWebhookInfo(), null)),
        "setMyCommands" => Task.FromResult<(JsonNode?, string?)>((SetMyCommands(call), null)),
        "getMyCommands" => Task.FromResult<(JsonNode?, string?)>((GetMyCommands(call), null)),
        "deleteMyCommands" => Task.FromResult<(JsonNode?, string?)>((DeleteMyCommands(call), null)),
        "sendMessage" => Task.FromResult<(JsonNode?, string?)>((SendMessage(call), null)),
        "sendPhoto" => WithNull(SendMediaAsync(call, MediaKind.Photo, ct)),
        "sendVideo" => WithNull(SendMediaAsync(call, MediaKind.Video, ct)),
        "sendDocument" => WithNull(SendMediaAsync(call, MediaKind.Document, ct)),
        "sendMediaGroup" => WithNull(SendMediaGroupAsync(call, ct)),
        "sendChatAction" => Task.FromResult<(JsonNode?, string?)>((SendChatAction(call), null)),
        "editMessageText" => Task.FromResult<(JsonNode?, string?)>((EditMessageText(call), null)),
        "deleteMessage" => Task.FromResult<(JsonNode?, string?)>((DeleteMessage(call), null)),
        _ => throw new TelegramApiException(404, "Not Found"),
    };

    private static async Task<(JsonNode? Result, string? Description)> WithNull(Task<JsonNode> task) => (await task, null);

    private JsonObject GetMe() => new()
    {
        ["id"] = BotId,
        ["is_bot"] = true,
        ["first_name"] = "StoryBot Test",
        ["username"] = BotUsername,
        ["can_join_groups"] = true,
        ["can_read_all_group_messages"] = false,
        ["supports_inline_queries"] = false,
        ["can_connect_to_business"] = false,
        ["has_main_web_app"] = false,
    };

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
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _app.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
            }

            await _app.DisposeAsync();
        }

        if (_ownsUploadDirectory)
        {
            try
            {
                Directory.Delete(UploadDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
