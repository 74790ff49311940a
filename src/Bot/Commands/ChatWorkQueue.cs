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
    private readonly object _gate = new();
    private readonly Dictionary<long, Task> _tails = new();
    private readonly CancellationTokenSource _stopping = new();

    public void Run(long chatId, Func<CancellationToken, Task> work)
    {
        lock (_gate)
        {
            var previous = _tails.GetValueOrDefault(chatId) ?? Task.CompletedTask;
            var next = RunAfterAsync(previous, work);
            _tails[chatId] = next;
            _ = next.ContinueWith(_ =>
            {
                lock (_gate)
                    if (_tails.TryGetValue(chatId, out var tail) && tail == next)
                        _tails.Remove(chatId);
            }, TaskScheduler.Default);
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
