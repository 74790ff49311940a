using StoryBot.Core.Outbox;

namespace StoryBot.Core.Delivery;

/// <summary>
/// One chat's share of a delivery, through its lane: its albums in order, each recorded the moment Telegram
/// accepts it (so a crash can repeat at most that one album), then the report of what it did not get.
/// </summary>
internal sealed class ChatDelivery(DeliveryRun run, DeliveryTarget target, ChatLane lane, DeliveryRecorder recorder)
{
    private long ChatId => lane.ChatId;

    /// <summary>Why nothing more of this request goes to the chat (unreachable, moved, flooded), once that happens.</summary>
    private FailureReason? _stopped;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var albums = run.Plan.Where(album => album.ChatId == ChatId).ToList();
        var items = albums.Sum(album => album.Items.Count);
        try
        {
            foreach (var (album, done) in albums.Select((album, i) => (album, i + 1)))
            {
                await run.ReadyToSend(album).WaitAsync(cancellationToken);
                try
                {
                    await SendAsync(album, cancellationToken);
                }
                finally
                {
                    Finish(album);
                }

                run.Request.Progress?.Report(new DeliveryProgress(ChatId, done, albums.Count, run.DeliveredTo(ChatId), items));
            }

            await ReportAsync(cancellationToken);
        }
        finally
        {
            // Cancelled half-way: later chats waiting on these albums' uploads must not wait forever.
            foreach (var album in albums)
                Finish(album);
        }
    }

    private void Finish(PlannedAlbum album)
    {
        if (run.Done(album).IsCompleted)
            return;
        foreach (var i in album.Items)
            run.Slots[i].ReleaseUser();
        run.MarkDone(album);
    }

    private async Task SendAsync(PlannedAlbum album, CancellationToken cancellationToken)
    {
        var entries = new List<AlbumEntry>();
        foreach (var slot in album.Items.Select(i => run.Slots[i]))
        {
            var outcome = slot.Outcome.Result;
            if (outcome.Failure is { } failure)
                run.Failed(new ItemFailure(slot.Item, failure) { ChatId = ChatId });
            else if (run.FileIds.TryGetValue(slot.Item.Id, out var fileId))
                entries.Add(AlbumEntry.ById(slot.Item, outcome.File?.Kind ?? outcome.Known!.Kind, fileId, outcome.File));
            else if (outcome.Known is { } known)
                entries.Add(AlbumEntry.ById(slot.Item, known.Kind, known.FileId));
            else
                entries.Add(AlbumEntry.Upload(slot.Item, outcome.File!));
        }

        if (entries.Count > 0)
            await SendEntriesAsync(album, entries, cancellationToken);
    }

    private async Task SendEntriesAsync(PlannedAlbum album, IReadOnlyList<AlbumEntry> entries, CancellationToken cancellationToken)
    {
        if (_stopped is { } stopped)
        {
            Fail(entries, stopped);
            return;
        }

        var result = await lane.SendAlbumAsync(
            new Album(ChatId, run.Account, run.Request.Kind, album.Group, album.Part, album.PartCount, entries) { Place = target.Place }, cancellationToken);
        switch (result)
        {
            case SendResult.Sent sent:
                var delivered = entries.Select((entry, i) => new DeliveredItem(entry.Item, i < sent.FileIds.Count ? sent.FileIds[i] : null)
                {
                    ChatId = ChatId,
                    Kind = entry.Kind,
                }).ToList();
                foreach (var item in delivered)
                {
                    run.Delivered(item);
                    if (item.FileId is not null)
                        run.FileIds.TryAdd(item.Item.Id, item.FileId);
                }

                // Not written (a full disk): kept in memory so it is not sent again, and nothing more goes to the
                // chat that could not be recorded either.
                if (!recorder.Delivered(ChatId, run.Account, delivered))
                    _stopped = FailureReason.LocalFault;
                break;
            case SendResult.Busy:
                // Not split into single messages (that only floods the chat more), and no file_id is forgotten: the
                // album was not refused. Nothing is recorded as delivered, so a poll brings the items next time.
                Stop(entries, FailureReason.TelegramBusy);
                break;
            case SendResult.Unreachable:
                Stop(entries, FailureReason.ChatUnreachable);
                recorder.Unreachable(ChatId);
                break;
            case SendResult.Moved moved:
                // Nothing more of this request goes to the old id (no report either); the rest goes to the new one.
                Stop(entries, FailureReason.ChatUnreachable);
                var move = new ChatMove(ChatId, moved.NewChatId);
                recorder.Moved(move);
                run.Moved(move);
                break;
            case SendResult.Refused when entries.Count > 1:
                // One item Telegram refuses must not sink the album: send its items one by one instead.
                foreach (var entry in entries)
                    await SendEntriesAsync(album, [entry], cancellationToken);
                break;
            case SendResult.Refused:
                if (entries[0].FileId is not null)
                {
                    // A remembered file_id may be stale (another bot token) or of the wrong kind: next time, upload.
                    run.FileIds.TryRemove(entries[0].Item.Id, out _);
                    recorder.FileIdRejected(run.Account, entries[0].Item);
                }

                Fail(entries, FailureReason.SendRefused);
                break;
        }
    }

    /// <summary>
    /// Tells the chat what it did not get, as the policy says. A chat given up because Telegram was busy is still
    /// told (for a command; a poll keeps those items for the next poll and tells nothing); an unreachable or moved
    /// chat cannot be.
    /// </summary>
    private async Task ReportAsync(CancellationToken cancellationToken)
    {
        if (_stopped is not (null or FailureReason.TelegramBusy))
            return;
        var failures = run.FailuresFor(ChatId);
        if (failures.Count == 0)
            return;
        var toTell = recorder.FailuresToTell(ChatId, run.Account, failures, run.Policy);
        if (toTell.Count == 0)
            return;

        var result = await lane.SendFailuresAsync(new FailureReport(target.Place, run.Account, toTell), cancellationToken);
        if (result is SendResult.Moved moved)
        {
            // Upgraded to a supergroup between the last album and this report: the failed items are tried again
            // at the new id, which reports them.
            var move = new ChatMove(ChatId, moved.NewChatId);
            recorder.Moved(move);
            run.Moved(move);
        }
    }

    private void Stop(IReadOnlyList<AlbumEntry> entries, FailureReason reason)
    {
        _stopped = reason;
        Fail(entries, reason);
    }

    private void Fail(IEnumerable<AlbumEntry> entries, FailureReason reason)
    {
        foreach (var entry in entries)
            run.Failed(new ItemFailure(entry.Item, reason) { ChatId = ChatId });
    }
}
