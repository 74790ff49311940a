using System.Collections.Concurrent;

namespace StoryBot.Core.Pipeline;

/// <summary>One delivery request in flight: its items, its work folder, and what has happened to each item.</summary>
internal sealed class RequestState(DeliveryRequest request, string workFolder, IReadOnlyList<ItemSlot> slots)
{
    private readonly TaskCompletionSource<DeliveryResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<DeliveredItem> _delivered = new();
    private readonly ConcurrentQueue<ItemFailure> _failed = new();

    public Guid Id { get; } = Guid.NewGuid();
    public DeliveryRequest Request { get; } = request;
    public string FolderPath { get; } = workFolder;
    public IReadOnlyList<ItemSlot> Slots { get; } = slots;
    public Task<DeliveryResult> Completion => _completion.Task;

    /// <summary>Set when the chat turned out unreachable: later albums of this request are not attempted.</summary>
    public volatile bool ChatUnreachable;

    public void Delivered(DeliveredItem item) => _delivered.Enqueue(item);

    public void Failed(ItemFailure failure) => _failed.Enqueue(failure);

    public IReadOnlyList<ItemFailure> Failures => _failed.ToArray();

    /// <summary>Ends the request: deletes its folder whatever is in it, then reports.</summary>
    public void Finish()
    {
        WorkFolder.DeleteFolderQuietly(FolderPath);
        _completion.TrySetResult(new DeliveryResult(_delivered.ToArray(), _failed.ToArray()));
    }

    public void Abort()
    {
        foreach (var slot in Slots)
            slot.Fail(FailureReason.Cancelled);
        WorkFolder.DeleteFolderQuietly(FolderPath);
        _completion.TrySetCanceled();
    }
}
