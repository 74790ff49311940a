using System.Collections.Concurrent;
using StoryBot.Core.Media;
using StoryBot.Core.Outbox;
using StoryBot.Core.Sources;

namespace StoryBot.Core.Delivery;

/// <summary>One delivery request in flight: its items, its plan, and what happened to each item in each chat.</summary>
internal sealed class DeliveryRun
{
    private readonly ConcurrentQueue<DeliveredItem> _delivered = new();
    private readonly ConcurrentQueue<ItemFailure> _failed = new();
    private readonly ConcurrentQueue<ChatMove> _moved = new();
    private readonly TaskCompletionSource[] _albumsDone;

    public DeliveryRun(DeliveryRequest request, FailurePolicy policy, IReadOnlyList<StoryItem> items, IReadOnlyList<PlannedAlbum> plan, string folder)
    {
        Request = request;
        Policy = policy;
        Plan = plan;
        Folder = folder;
        Slots = items.Select((item, i) => new ItemSlot(item, plan.Count(album => album.Items.Contains(i)))).ToList();
        _albumsDone = plan.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
    }

    public DeliveryRequest Request { get; }
    public StoryAccount Account => Request.Account;
    public FailurePolicy Policy { get; }
    public IReadOnlyList<PlannedAlbum> Plan { get; }
    public IReadOnlyList<ItemSlot> Slots { get; }

    /// <summary>This request's work folder; deleted, whatever is in it, when the request ends.</summary>
    public string Folder { get; }

    /// <summary>file_ids Telegram gave during this request: later chats are sent the item by id.</summary>
    public ConcurrentDictionary<string, string> FileIds { get; } = new(StringComparer.Ordinal);

    public MediaJob JobFor(int index, CancellationToken abandoned) =>
        new(Slots[index].Item, Path.Combine(Folder, $"{index:D3}.download"), abandoned);

    /// <summary>Completes when the album has been sent or given up.</summary>
    public Task Done(PlannedAlbum album) => _albumsDone[album.Number].Task;

    public void MarkDone(PlannedAlbum album) => _albumsDone[album.Number].TrySetResult();

    /// <summary>The album's items are ready (or failed) and every album uploading some of them is done.</summary>
    public Task ReadyToSend(PlannedAlbum album) =>
        Task.WhenAll(album.Items.Select(i => (Task)Slots[i].Outcome).Concat(album.WaitsFor.Select(n => Done(Plan[n]))));

    public void Delivered(DeliveredItem item) => _delivered.Enqueue(item);

    public void Failed(ItemFailure failure) => _failed.Enqueue(failure);

    public void Moved(ChatMove move) => _moved.Enqueue(move);

    public int DeliveredTo(long chatId) => _delivered.Count(d => d.ChatId == chatId);

    public IReadOnlyList<ItemFailure> FailuresFor(long chatId) => _failed.Where(f => f.ChatId == chatId).ToList();

    public DeliveryResult Result() => new(_delivered.ToArray(), _failed.ToArray(), _moved.ToArray());
}
