using StoryBot.Core.Media;

namespace StoryBot.Core.Outbox;

/// <summary>
/// What every send and edit bot-wide goes through once its chat is ready: one of
/// <see cref="PipelineOptions.SendConcurrency"/> send slots, then its turn under the bot-wide rate
/// (<see cref="MessageRateLimiter"/>). The slot is held until Telegram has answered, so that at shutdown "every
/// slot free" means no message is half sent.
/// </summary>
internal sealed class SendSlots(int concurrency, MessageRateLimiter rate)
{
    private readonly SemaphoreSlim _slots = new(concurrency, concurrency);

    /// <summary>Sends holding a slot: waiting for the bot-wide rate, or talking to Telegram.</summary>
    public StageGauge Sends { get; } = new();

    /// <summary>Waits for a slot and the bot-wide rate, then runs <paramref name="send"/>; the slot is given back however it ends.</summary>
    /// <param name="cancellationToken">Stops the waiting only; <paramref name="send"/> brings its own.</param>
    public async Task<T> RunAsync<T>(Func<Task<T>> send, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            using (Sends.Enter())
            {
                await rate.WaitAsync(cancellationToken);
                return await send();
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>
    /// For shutdown: takes every slot, so that when it returns no send is under way. The slots are not given back,
    /// nothing sends any more.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < concurrency; i++)
            await _slots.WaitAsync(cancellationToken);
    }
}
