using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StoryBot.Core.Sources.Instagram;

/// <summary>
/// The Instagram session in use, and where it came from. It can change while the bot runs: from
/// <c>Instagram:SessionIdFile</c> (read again whenever its content changes) or from <c>Instagram:SessionId</c> (the
/// configuration reloads when appsettings.json changes). The value is a secret: only a fingerprint of it is kept
/// for comparisons, and nothing here logs or returns it except <see cref="Value"/>, which goes into the cookie.
/// </summary>
public sealed class InstagramSession : IDisposable
{
    /// <summary>The file is read at most this often when asked for the session; a watcher ticks as often too.</summary>
    public static readonly TimeSpan FileCheckInterval = TimeSpan.FromSeconds(1);

    private readonly IOptionsMonitor<InstagramOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<InstagramSession> _logger;
    private readonly IDisposable? _onChange;
    private readonly Lock _lock = new();
    private string? _value;
    private string _fingerprint = "";
    private DateTimeOffset? _since;
    private long _lastFileCheck;
    private string? _fileProblem;

    public InstagramSession(IOptionsMonitor<InstagramOptions> options, TimeProvider timeProvider, ILogger<InstagramSession> logger)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        Load(announce: false);
        _onChange = options.OnChange(_ => Refresh());
    }

    /// <summary>Raised (on the thread that noticed) when a different session was picked up while running.</summary>
    public event Action? Replaced;

    /// <summary>The cookie value, or null when none is set. Never log it.</summary>
    public string? Value
    {
        get
        {
            RefreshFileIfDue();
            lock (_lock)
                return _value;
        }
    }

    public bool IsSet => Value is not null;

    /// <summary>When the current session was picked up (start-up or replacement); null when none is set.</summary>
    public DateTimeOffset? Since
    {
        get
        {
            RefreshFileIfDue();
            lock (_lock)
                return _since;
        }
    }

    /// <summary>Which setting the session comes from, for /status and the operators' messages.</summary>
    public string SourceName => string.IsNullOrWhiteSpace(_options.CurrentValue.SessionIdFile) ? "Instagram:SessionId" : "Instagram:SessionIdFile";

    /// <summary>Identifies the session without holding the secret (a hash of it); "" when none is set.</summary>
    public string Fingerprint
    {
        get
        {
            RefreshFileIfDue();
            lock (_lock)
                return _fingerprint;
        }
    }

    /// <summary>Reads the settings (and the file) again; true when the session changed.</summary>
    public bool Refresh() => Load(announce: true);

    private void RefreshFileIfDue()
    {
        if (string.IsNullOrWhiteSpace(_options.CurrentValue.SessionIdFile))
            return;
        var now = _timeProvider.GetTimestamp();
        var last = Interlocked.Read(ref _lastFileCheck);
        if (last != 0 && _timeProvider.GetElapsedTime(last, now) < FileCheckInterval)
            return;
        if (Interlocked.CompareExchange(ref _lastFileCheck, now, last) == last)
            Refresh();
    }

    private bool Load(bool announce)
    {
        var value = Read();
        var fingerprint = value is null ? "" : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
        lock (_lock)
        {
            if (fingerprint == _fingerprint && (_since is not null || value is null))
                return false;
            _value = value;
            _fingerprint = fingerprint;
            _since = value is null ? null : _timeProvider.GetUtcNow();
        }

        if (!announce)
            return true;
        if (value is null)
            _logger.LogWarning("The Instagram session was removed ({Source} is now empty): Instagram stories are off", SourceName);
        else
            _logger.LogInformation("A new Instagram session was picked up from {Source}", SourceName);
        if (value is not null)
            Replaced?.Invoke();
        return true;
    }

    /// <summary>The file's content when a file is configured, else the setting; whitespace around it is dropped.</summary>
    private string? Read()
    {
        var settings = _options.CurrentValue;
        if (string.IsNullOrWhiteSpace(settings.SessionIdFile))
            return string.IsNullOrWhiteSpace(settings.SessionId) ? null : settings.SessionId.Trim();

        string? problem = null;
        string? value = null;
        try
        {
            var text = File.ReadAllText(settings.SessionIdFile).Trim();
            value = text.Length == 0 ? null : text;
            if (value is null)
                problem = "empty";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = ex is FileNotFoundException or DirectoryNotFoundException ? "missing" : ex.GetType().Name;
        }

        // Said once per kind of problem, not on every check.
        if (problem != _fileProblem)
        {
            _fileProblem = problem;
            if (problem is not null)
                _logger.LogWarning("Instagram:SessionIdFile {Path} cannot give a session ({Problem})", settings.SessionIdFile, problem);
        }

        return value;
    }

    public void Dispose() => _onChange?.Dispose();
}
