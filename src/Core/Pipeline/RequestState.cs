using System.Collections.Concurrent;

namespace StoryBot.Core.Pipeline;

/// <summary>One delivery request in flight: its items, its work folder, and what has happened to each item in each chat.</summary>
internal sealed class RequestState(DeliveryRequest request, string workFolder, IReadOnlyList<ItemSlot> slots)
{
    private readonly TaskCompletionSource<DeliveryResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<DeliveredItem> _delivered = new();
    private readonly ConcurrentQueue<ItemFailure> _failed = new();
    private readonly ConcurrentDictionary<long, FailureReason> _stopped = new();
    private int _openTargets = request.Targets.Count;

    public Guid Id { get; } = Guid.NewGuid();
    public DeliveryRequest Request { get; } = request;
    public string FolderPath { get; } = workFolder;
    public IReadOnlyList<ItemSlot> Slots { get; } = slots;
    public Task<DeliveryResult> Completion => _completion.Task;

    /// <summary>file_ids Telegram gave during this request: later chats are sent the item by id.</summary>
    public ConcurrentDictionary<string, string> FileIds { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Why nothing more of this request goes to the chat (unreachable, upgraded to a supergroup, flooded), if so.
    /// Its remaining albums are failed with that reason without a send, and it gets no report.
    /// </summary>
    public FailureReason? StoppedBecause(long chatId) => _stopped.TryGetValue(chatId, out var reason) ? reason : null;

    public bool IsStopped(long chatId) => _stopped.ContainsKey(chatId);

    public void StopSending(long chatId, FailureReason reason) => _stopped.TryAdd(chatId, reason);

    public void Delivered(DeliveredItem item) => _delivered.Enqueue(item);

    public void Failed(ItemFailure failure) => _failed.Enqueue(failure);

    public IReadOnlyList<ItemFailure> FailuresFor(long chatId) => _failed.Where(f => f.ChatId == chatId).ToList();

    /// <summary>One chat is done; the last one ends the request: its folder is deleted whatever is in it.</summary>
    public void TargetFinished()
    {
        if (Interlocked.Decrement(ref _openTargets) == 0)
        {
            WorkFolder.DeleteFolderQuietly(FolderPath);
            _completion.TrySetResult(new DeliveryResult(_delivered.ToArray(), _failed.ToArray()));
        }
    }

    public void Abort()
    {
        foreach (var slot in Slots)
            slot.Fail(FailureReason.Cancelled);
        WorkFolder.DeleteFolderQuietly(FolderPath);
        _completion.TrySetCanceled();
    }
}
