using StoryBot.Bot.Texts;
using StoryBot.Core.Delivery;
using StoryBot.Core.Outbox;
using StoryBot.Core.Sources;

namespace StoryBot.Bot.Commands;

/// <summary>
/// One message that follows a request of several albums ("highlights of coastal_ivy: 3 of 7 albums sent") and
/// says how it ended. Edits are spaced (<see cref="EditInterval"/>): Telegram limits edits like messages, and a
/// request of twenty albums must not spend the chat's budget on its own progress.
/// </summary>
public sealed class ProgressMessage : IProgress<DeliveryProgress>, IAsyncDisposable
{
    public static readonly TimeSpan EditInterval = TimeSpan.FromSeconds(3);

    private readonly ChatOutbox _outbox;
    private readonly long _chatId;
    private readonly int _messageId;
    private readonly string _title;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _changed = new(0);
    private readonly Task _editing;
    private DeliveryProgress? _latest;

    private ProgressMessage(ChatOutbox outbox, long chatId, int messageId, string title, int albums, TimeProvider timeProvider)
    {
        _outbox = outbox;
        _chatId = chatId;
        _messageId = messageId;
        _title = title;
        _timeProvider = timeProvider;
        Albums = albums;
        _editing = EditLoopAsync();
    }

    public int Albums { get; }


    /// <returns>Null when the message could not be sent: the request goes on without it.</returns>
    public static async Task<ProgressMessage?> StartAsync(
        ChatOutbox outbox, ChatPlace origin, StoryAccount account, StoryKind kind, int albums, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var title = $"{char.ToUpperInvariant(StoryKindNames.Name(kind)[0])}{StoryKindNames.Name(kind)[1..]} of {AccountLinks.Mark(account)}";
        var messageId = await outbox.SendLiveTextAsync(origin, new LiveText(Line(title, 0, albums)), cancellationToken);
        return messageId is { } id ? new ProgressMessage(outbox, origin.ChatId, id, title, albums, timeProvider) : null;
    }

    public void Report(DeliveryProgress value)
    {
        Volatile.Write(ref _latest, value);
        _changed.Release();
    }

    /// <summary>The last edit: how the request ended.</summary>
    public async Task FinishAsync(string ending, CancellationToken cancellationToken)
    {
        await StopEditingAsync();
        await _outbox.EditLiveTextAsync(_chatId, _messageId, new LiveText($"{_title}: {ending}"), cancellationToken);
    }

    private static string Line(string title, int done, int albums) => $"{title}: {done} of {albums} albums sent…";

    private async Task EditLoopAsync()
    {
        var shown = 0;
        try
        {
            while (true)
            {
                await _changed.WaitAsync(_stop.Token);
                if (Volatile.Read(ref _latest) is { } now && now.AlbumsDone != shown && now.AlbumsDone < Albums)
                {
                    shown = now.AlbumsDone;
                    await _outbox.EditLiveTextAsync(_chatId, _messageId, new LiveText(Line(_title, shown, Albums)), _stop.Token);
                    await Task.Delay(EditInterval, _timeProvider, _stop.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task StopEditingAsync()
    {
        if (!_stop.IsCancellationRequested)
            await _stop.CancelAsync();
        await _editing;
    }

    public async ValueTask DisposeAsync()
    {
        await StopEditingAsync();
        _stop.Dispose();
        _changed.Dispose();
    }
}
