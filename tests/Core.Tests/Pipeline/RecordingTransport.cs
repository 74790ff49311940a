using System.Collections.Concurrent;
using System.Security.Cryptography;
using StoryBot.Core.Outbox;
using StoryBot.Core.Sources;

namespace StoryBot.Core.Tests.Pipeline;

/// <summary>
/// Stands in for Telegram at the outbox's outer edge: records what arrives (with the files' hashes, read while
/// the files still exist) and can answer like Telegram does (429, refusals). The end-to-end tests use the real
/// delivery against the fake Bot API instead.
/// </summary>
internal sealed class RecordingTransport : IChatTransport
{
    private readonly ConcurrentDictionary<long, int> _inFlightPerChat = new();
    private int _inFlight;

    public ConcurrentQueue<SentAlbum> Albums { get; } = new();

    /// <summary>Every send attempt, refused ones included: the chat and how many items the album had.</summary>
    public ConcurrentQueue<(long ChatId, int Items)> Attempts { get; } = new();
    public ConcurrentQueue<(long ChatId, IReadOnlyList<ItemFailure> Failures)> FailureReports { get; } = new();
    public int MaxInFlight;
    public int MaxInFlightPerChat;
    public TimeSpan SendDuration { get; set; } = TimeSpan.FromMilliseconds(20);
    public TimeSpan Pacing { get; set; } = TimeSpan.Zero;

    /// <summary>Return a non-null exception to make that send attempt fail.</summary>
    public Func<Album, int, Exception?> Fault { get; set; } = (_, _) => null;

    private int _attempts;

    public async Task<IReadOnlyList<string?>> SendAlbumAsync(Album album, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var attempt = Interlocked.Increment(ref _attempts);
        Attempts.Enqueue((album.ChatId, album.Entries.Count));
        var now = Interlocked.Increment(ref _inFlight);
        var perChat = _inFlightPerChat.AddOrUpdate(album.ChatId, 1, (_, n) => n + 1);
        InterlockedMax(ref MaxInFlight, now);
        InterlockedMax(ref MaxInFlightPerChat, perChat);
        try
        {
            await Task.Delay(SendDuration, cancellationToken);
            if (Fault(album, attempt) is { } exception)
                throw exception;

            var files = album.Entries.Select(entry => new SentFile(
                entry.Item.Id, entry.Kind, entry.File?.Path ?? "",
                entry.FileId is { } id ? "file_id:" + id : Sha256(entry.File!.Path),
                entry.File?.Width, entry.File?.Height, entry.File?.DurationSeconds)).ToList();
            Albums.Enqueue(new SentAlbum(album.ChatId, album.Part, album.PartCount, album.Group?.Title, files, started, DateTimeOffset.UtcNow));
            return album.Entries.Select(entry => (string?)(entry.FileId ?? $"file-{entry.Item.Id}")).ToList();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            _inFlightPerChat.AddOrUpdate(album.ChatId, 0, (_, n) => n - 1);
        }
    }

    public ConcurrentQueue<(long ChatId, string Text)> Texts { get; } = new();

    public Task SendTextAsync(ChatPlace place, string text, CancellationToken cancellationToken)
    {
        Texts.Enqueue((place.ChatId, text));
        return Task.CompletedTask;
    }

    private int _nextMessageId;

    public Task<int> SendLiveTextAsync(ChatPlace place, LiveText text, CancellationToken cancellationToken)
    {
        Texts.Enqueue((place.ChatId, text.Text));
        return Task.FromResult(Interlocked.Increment(ref _nextMessageId));
    }

    public ConcurrentQueue<(long ChatId, int MessageId, string Text)> Edits { get; } = new();

    public Task EditLiveTextAsync(long chatId, int messageId, LiveText text, CancellationToken cancellationToken)
    {
        Edits.Enqueue((chatId, messageId, text.Text));
        return Task.CompletedTask;
    }

    /// <summary>Return a non-null exception to make that failure report attempt (1, 2, …) fail.</summary>
    public Func<int, Exception?> ReportFault { get; set; } = _ => null;

    private int _reportAttempts;

    public Task SendFailuresAsync(FailureReport report, CancellationToken cancellationToken)
    {
        if (ReportFault(Interlocked.Increment(ref _reportAttempts)) is { } exception)
            throw exception;
        FailureReports.Enqueue((report.Place.ChatId, report.Failures));
        return Task.CompletedTask;
    }

    public Task ShowActivityAsync(ChatPlace place, ChatActivity activity, CancellationToken cancellationToken) => Task.CompletedTask;

    public TimeSpan PacingFor(long chatId) => Pacing;

    public IReadOnlyList<SentAlbum> AlbumsTo(long chatId) => Albums.Where(album => album.ChatId == chatId).ToList();

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

internal sealed record SentAlbum(long ChatId, int Part, int PartCount, string? GroupTitle, IReadOnlyList<SentFile> Files, DateTimeOffset Started, DateTimeOffset At);

internal sealed record SentFile(string ItemId, MediaKind Kind, string Path, string Sha256, int? Width, int? Height, int? DurationSeconds);
