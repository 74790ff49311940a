namespace StoryBot.Core.Outbox;

/// <summary>
/// One request's turn in one chat: everything sent through it reaches the chat in order, before anything queued
/// for that chat after it. Closing it hands the turn on. Messages go one at a time: each send is awaited.
/// </summary>
public sealed class ChatLane : IDisposable
{
    private readonly ChatOutbox _outbox;
    private readonly TaskCompletionSource _turn = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _closed;

    internal ChatLane(ChatOutbox outbox, long chatId)
    {
        _outbox = outbox;
        ChatId = chatId;
    }

    public long ChatId { get; }

    /// <summary>Completes when every lane opened before this one for the chat is closed.</summary>
    internal Task Turn => _turn.Task;

    internal void GrantTurn() => _turn.TrySetResult();

    public Task<SendResult> SendAlbumAsync(Album album, CancellationToken cancellationToken) =>
        _outbox.SendAsync(this, async token => await _outbox.Transport.SendAlbumAsync(album, token), album, cancellationToken);

    public Task<SendResult> SendTextAsync(string text, CancellationToken cancellationToken) => SendTextAsync(ChatId, text, cancellationToken);

    /// <param name="place">The lane's chat, and where in it the text goes.</param>
    public Task<SendResult> SendTextAsync(ChatPlace place, string text, CancellationToken cancellationToken) =>
        _outbox.SendAsync(this, async token =>
        {
            await _outbox.Transport.SendTextAsync(place, text, token);
            return [];
        }, null, cancellationToken);

    /// <returns>The result, and the message id when it was sent.</returns>
    public async Task<(SendResult Result, int? MessageId)> SendLiveTextAsync(ChatPlace place, LiveText text, CancellationToken cancellationToken)
    {
        int? messageId = null;
        var result = await _outbox.SendAsync(this, async token =>
        {
            messageId = await _outbox.Transport.SendLiveTextAsync(place, text, token);
            return [];
        }, null, cancellationToken);
        return (result, result is SendResult.Sent ? messageId : null);
    }

    public Task<SendResult> SendFailuresAsync(FailureReport report, CancellationToken cancellationToken) =>
        _outbox.SendAsync(this, async token =>
        {
            await _outbox.Transport.SendFailuresAsync(report, token);
            return [];
        }, null, cancellationToken);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
            _outbox.Close(this);
    }
}
