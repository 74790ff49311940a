using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StoryBot.Bot.Commands;

/// <summary>
/// Runs command work off the polling loop (Telegram.Bot handles updates one at a time, and a page fetch must not
/// hold up other chats), in order within a chat: "/snap a" then "/snap b" arrive in that order.
/// Work still running at shutdown is cancelled and awaited.
/// </summary>
public sealed class ChatWorkQueue(ILogger<ChatWorkQueue> logger) : IHostedService
{
    /// <summary>Commands one chat may have waiting; more are refused, so one chat cannot queue up unbounded work.</summary>
    public const int MaxPendingPerChat = 5;

    private readonly object _gate = new();
    private readonly Dictionary<long, Task> _tails = new();
    private readonly Dictionary<long, int> _pending = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <returns>False when the chat already has <see cref="MaxPendingPerChat"/> commands waiting: nothing was queued.</returns>
    public bool Run(long chatId, Func<CancellationToken, Task> work)
    {
        lock (_gate)
        {
            var pending = _pending.GetValueOrDefault(chatId);
            if (pending >= MaxPendingPerChat)
                return false;
            _pending[chatId] = pending + 1;

            var previous = _tails.GetValueOrDefault(chatId) ?? Task.CompletedTask;
            var next = RunAfterAsync(previous, work);
            _tails[chatId] = next;
            _ = next.ContinueWith(_ =>
            {
                lock (_gate)
                {
                    if (--_pending[chatId] == 0)
                        _pending.Remove(chatId);
                    if (_tails.TryGetValue(chatId, out var tail) && tail == next)
                        _tails.Remove(chatId);
                }
            }, TaskScheduler.Default);
            return true;
        }
    }

    private async Task RunAfterAsync(Task previous, Func<CancellationToken, Task> work)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_stopping.IsCancellationRequested)
            return;
        try
        {
            await work(_stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
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
