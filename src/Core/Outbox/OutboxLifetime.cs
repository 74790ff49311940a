namespace StoryBot.Core.Outbox;

/// <summary>
/// The outbox's shutdown, in two steps. <see cref="Stopping"/> ends every wait and the taking of new work at once;
/// <see cref="SendAbort"/> stops the sends already talking to Telegram, but only after their grace period: a message
/// Telegram is accepting at shutdown should finish and be recorded, or the next start would send it again.
/// </summary>
internal sealed class OutboxLifetime : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _sendAbort = new();
    private int _disposed;

    /// <remarks>
    /// Read at each use rather than kept: once the outbox is disposed this throws <see cref="ObjectDisposedException"/>,
    /// which the outbox's callers take as shutdown just like a cancellation.
    /// </remarks>
    public CancellationToken Stopping => _stopping.Token;

    /// <remarks>Read at each use, like <see cref="Stopping"/>.</remarks>
    public CancellationToken SendAbort => _sendAbort.Token;

    public Task StopTakingWorkAsync() => _stopping.CancelAsync();

    public Task AbortSendsAsync() => _sendAbort.CancelAsync();

    /// <remarks>The outbox is disposed twice (as itself and as a hosted service); the second time does nothing.</remarks>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        _stopping.Cancel();
        _sendAbort.Cancel();
        _stopping.Dispose();
        _sendAbort.Dispose();
    }
}
