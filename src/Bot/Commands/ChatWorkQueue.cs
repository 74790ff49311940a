using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StoryBot.Bot.Commands;

/// <summary>
/// Runs command work off the polling loop (Telegram.Bot handles updates one at a time, and a page fetch must not
/// hold up other chats), in order within a chat: "/snap a" then "/snap b" arrive in that order.
/// /cancel stops a chat's running work and drops what waits behind it (<see cref="Cancel"/>). Work still running
/// at shutdown is cancelled and awaited.
/// </summary>
public sealed class ChatWorkQueue(ILogger<ChatWorkQueue> logger) : IHostedService
{
    /// <summary>Commands one chat may have waiting; more are refused, so one chat cannot queue up unbounded work.</summary>
    public const int MaxPendingPerChat = 5;

    private readonly object _gate = new();
    private readonly Dictionary<long, Task> _tails = new();
    private readonly Dictionary<long, int> _pending = new();
    private readonly Dictionary<long, Batch> _batches = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>The work queued in a chat since its last /cancel: one token, disposed when the last of it ends.</summary>
    private sealed class Batch(CancellationTokenSource cancel)
    {
        public CancellationTokenSource Cancel { get; } = cancel;
        public int Count { get; set; }
    }

    /// <summary>True once the host is stopping: work cancelled now was not cancelled by a user.</summary>
    public bool Stopping => _stopping.IsCancellationRequested;

    /// <returns>False when the chat already has <see cref="MaxPendingPerChat"/> commands waiting: nothing was queued.</returns>
    public bool Run(long chatId, Func<CancellationToken, Task> work)
    {
        lock (_gate)
        {
            var pending = _pending.GetValueOrDefault(chatId);
            if (pending >= MaxPendingPerChat)
                return false;
            _pending[chatId] = pending + 1;

            if (!_batches.TryGetValue(chatId, out var batch))
            {
                batch = new Batch(CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));
                _batches[chatId] = batch;
            }

            batch.Count++;
            var previous = _tails.GetValueOrDefault(chatId) ?? Task.CompletedTask;
            var next = RunAfterAsync(previous, work, batch.Cancel.Token);
            _tails[chatId] = next;
            _ = next.ContinueWith(_ =>
            {
                lock (_gate)
                {
                    if (--_pending[chatId] == 0)
                        _pending.Remove(chatId);
                    if (--batch.Count == 0)
                    {
                        if (_batches.TryGetValue(chatId, out var current) && current == batch)
                            _batches.Remove(chatId);
                        batch.Cancel.Dispose();
                    }

                    if (_tails.TryGetValue(chatId, out var tail) && tail == next)
                        _tails.Remove(chatId);
                }
            }, TaskScheduler.Default);
            return true;
        }
    }

    /// <summary>
    /// Stops the chat's running work (its own code says what it got done) and drops the work waiting behind it.
    /// </summary>
    /// <returns>How many requests were stopped or dropped; 0 when the chat had nothing running.</returns>
    public int Cancel(long chatId)
    {
        lock (_gate)
        {
            if (!_batches.Remove(chatId, out var batch))
                return 0;
            batch.Cancel.Cancel();
            logger.LogInformation("Cancelled {Count} request(s) of chat {ChatId}", batch.Count, chatId);
            return batch.Count;
        }
    }

    private async Task RunAfterAsync(Task previous, Func<CancellationToken, Task> work, CancellationToken token)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (token.IsCancellationRequested)
            return;
        try
        {
            await work(token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Command work failed");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        Task[] running;
        lock (_gate)
            running = _tails.Values.ToArray();
        await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
