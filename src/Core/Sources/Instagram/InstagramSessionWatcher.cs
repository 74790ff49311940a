using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StoryBot.Core.Sources.Instagram;

/// <summary>
/// Notices a replaced session even while no Instagram request goes out: the session file is checked every
/// <see cref="InstagramSession.FileCheckInterval"/> (configuration reloads announce themselves). A new session
/// reopens the gate and the operators are told it was picked up.
/// </summary>
public sealed class InstagramSessionWatcher : BackgroundService
{
    private readonly InstagramSession _session;
    private readonly InstagramGate _gate;
    private readonly IOptionsMonitor<InstagramOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<InstagramSessionWatcher> _logger;

    public InstagramSessionWatcher(
        InstagramSession session, InstagramGate gate, IOptionsMonitor<InstagramOptions> options, TimeProvider timeProvider, ILogger<InstagramSessionWatcher> logger)
    {
        _session = session;
        _gate = gate;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _session.Replaced += OnReplaced;
    }

    private void OnReplaced() =>
        _ = _gate.SessionReplacedAsync(CancellationToken.None).ContinueWith(
            task => _logger.LogWarning("Could not tell the operators about the new Instagram session: {Reason}", task.Exception?.GetBaseException().Message),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(InstagramSession.FileCheckInterval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                if (!string.IsNullOrWhiteSpace(_options.CurrentValue.SessionIdFile))
                    _session.Refresh();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        _session.Replaced -= OnReplaced;
        base.Dispose();
    }
}
