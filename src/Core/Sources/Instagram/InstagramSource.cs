using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoryBot.Core.Storage;

namespace StoryBot.Core.Sources.Instagram;

/// <summary>
/// Stories and highlights through Instagram's web API with the owner's session: the reference (username, id, story
/// item or highlight; see <see cref="InstagramTarget"/>) → user id through <see cref="InstagramIdLookup"/> (stored, so a
/// known account costs one request), then <c>reels_media</c>. Every error form of docs/instagram-web.md §6 and §10.2
/// becomes an outcome; rate limits on the story endpoints and checkpoints close the <see cref="InstagramGate"/> for
/// everyone, while lookup rate limits only pause that lookup path.
/// </summary>
public sealed class InstagramSource(
    InstagramApi api,
    InstagramGate gate,
    InstagramSession session,
    InstagramIdLookup lookup,
    IOptionsMonitor<InstagramOptions> options,
    ILogger<InstagramSource> logger) : IStorySource
{
    /// <summary>gallery-dl asks for 5 highlight reels per reels_media call.</summary>
    private const int HighlightsPerRequest = 5;

    public Platform Platform => Platform.Instagram;

    public int MaxConcurrentFetches => options.CurrentValue.MaxConcurrentFetches;

    /// <param name="username">An <see cref="InstagramTarget.Key"/>: a username, <c>id:{digits}</c> or a story item's or highlight's link.</param>
    public async Task<StoryFetchResult> FetchAsync(string username, StoryKind kind, CancellationToken cancellationToken)
    {
        var account = new StoryAccount(Platform.Instagram, username);
        if (!InstagramUsername.TryParseTarget(username, out var target))
            return StoryFetchResult.Failed(FetchOutcome.NotFound, account, "not an Instagram reference");
        if (!session.IsSet)
            return StoryFetchResult.Failed(FetchOutcome.SessionMissing, account);

        switch (gate.State)
        {
            case { Status: InstagramGateStatus.Checkpoint }:
                return StoryFetchResult.Failed(FetchOutcome.SessionCheckpoint, account);
            case { Status: InstagramGateStatus.SessionExpired }:
                return StoryFetchResult.Failed(FetchOutcome.SessionExpired, account);
            case { Status: InstagramGateStatus.RateLimited, Until: var until }:
                return StoryFetchResult.Failed(FetchOutcome.RateLimited, account) with { RetryAt = until };
        }

        try
        {
            if (target.Kind == InstagramTargetKind.Highlight)
                return await OneHighlightAsync(target.Value, account, cancellationToken);

            InstagramAccount known;
            if (target.Kind == InstagramTargetKind.UserId)
                known = lookup.KnownId(target.Value) is { Username.Length: > 0 } stored
                    ? stored
                    : new InstagramAccount(target.Value, "", null, false);   // the story's answer names it
            else
            {
                var found = await lookup.ResolveAsync(target.Value, cancellationToken);
                switch (found.Outcome)
                {
                    case LookupOutcome.NotFound:
                        return StoryFetchResult.Failed(FetchOutcome.NotFound, account);
                    case LookupOutcome.Unavailable:
                        return StoryFetchResult.Failed(FetchOutcome.Unavailable, account);
                    case LookupOutcome.RateLimited:
                        // Only the lookup paths are paused: stories of known accounts go on.
                        return StoryFetchResult.Failed(FetchOutcome.RateLimited, account, found.Reason) with { RetryAt = found.RetryAt };
                    case LookupOutcome.Failed:
                        logger.LogWarning("Instagram {Username}: no lookup path gave its id ({Reason})", target.Value, found.Reason);
                        return StoryFetchResult.Failed(FetchOutcome.BlockedOrChanged, account, found.Reason);
                }

                known = found.Account!;
            }

            if (known.Username.Length > 0)
                account = account with { Username = known.Username, DisplayName = known.FullName };

            var (items, owner) = kind == StoryKind.Highlights && target.Kind != InstagramTargetKind.StoryItem
                ? (await HighlightsAsync(known.Id, cancellationToken), null)
                : await StoryAsync(known.Id, cancellationToken);
            gate.Succeeded();
            if (owner is not null)
            {
                // The answer names the account as it is now: a rename shows here, and the id follows it.
                if (owner.Username != known.Username)
                    logger.LogInformation("Instagram id {UserId} is now {Username} (was {Previous})", known.Id, owner.Username, known.Username.Length > 0 ? known.Username : "unknown");
                lookup.Remember(new InstagramAccount(known.Id, owner.Username, owner.FullName ?? known.FullName, owner.IsPrivate));
                account = account with { Username = owner.Username, DisplayName = owner.FullName ?? known.FullName };
            }

            logger.LogInformation("Instagram {Username}: {Kind} has {ItemCount} items", account.Username, kind, items.Count);
            if (target.Kind == InstagramTargetKind.StoryItem)
            {
                // The named item alone: that is what the link showed. Gone once it expired (or was deleted).
                var named = items.Where(item => item.Id == target.MediaId).ToList();
                return named.Count > 0
                    ? new StoryFetchResult(FetchOutcome.Ok, account, named)
                    : StoryFetchResult.Failed(FetchOutcome.Gone, account, "story item no longer up");
            }

            if (items.Count > 0)
                return new StoryFetchResult(FetchOutcome.Ok, account, items);
            // An empty answer for a private account the session does not follow looks exactly like "no story".
            return StoryFetchResult.Failed(known.IsPrivate ? FetchOutcome.NotPublic : FetchOutcome.NoCurrentStory, account);
        }
        catch (InstagramApiException ex)
        {
            return await FailedAsync(account, ex, cancellationToken);
        }
    }

    private async Task<StoryFetchResult> FailedAsync(StoryAccount account, InstagramApiException ex, CancellationToken cancellationToken)
    {
        switch (ex.Error)
        {
            case InstagramError.NotFound:
                return StoryFetchResult.Failed(FetchOutcome.NotFound, account);
            case InstagramError.RateLimited:
                return StoryFetchResult.Failed(FetchOutcome.RateLimited, account, ex.Message) with { RetryAt = gate.RateLimited() };
            case InstagramError.LoginRequired:
                await gate.SessionExpiredAsync(cancellationToken);
                return StoryFetchResult.Failed(FetchOutcome.SessionExpired, account, ex.Message);
            case InstagramError.Checkpoint:
                await gate.CheckpointAsync(ex.Message, cancellationToken);
                return StoryFetchResult.Failed(FetchOutcome.SessionCheckpoint, account, ex.Message);
            case InstagramError.RequestRejected:
                logger.LogError("Defect: Instagram rejected our request as not coming from its web app ({Reason}). Check the X-IG-App-ID header", ex.Message);
                return StoryFetchResult.Failed(FetchOutcome.BlockedOrChanged, account, ex.Message);
            default:
                logger.LogWarning("Instagram failed for {Username}: {Reason}", account.Username, ex.Message);
                return StoryFetchResult.Failed(FetchOutcome.BlockedOrChanged, account, ex.Message);
        }
    }

    /// <summary>A <c>reels_media</c> answer: its reels, or the session is no longer logged in when none of the shapes is there.</summary>
    private async Task<IReadOnlyDictionary<string, InstagramReels.Reel>> ReelsAsync(string query, CancellationToken cancellationToken)
    {
        using var document = await api.GetAsync($"/api/v1/feed/reels_media/?{query}", cancellationToken);
        if (!InstagramReels.HasReels(document.RootElement))
            throw new InstagramApiException(InstagramError.LoginRequired, 200, "reels_media answer without reels: not logged in");
        return InstagramReels.Parse(document.RootElement);
    }

    private async Task<(IReadOnlyList<StoryItem> Items, InstagramReels.ReelOwner? Owner)> StoryAsync(string userId, CancellationToken cancellationToken)
    {
        var reels = await ReelsAsync($"reel_ids={userId}", cancellationToken);
        return reels.TryGetValue(userId, out var reel)
            ? (StoryOrder.OldestFirst(reel.Items.Select(item => ToStoryItem(item, group: null))), reel.Owner)
            : ([], null);
    }

    private async Task<StoryFetchResult> OneHighlightAsync(string highlightId, StoryAccount account, CancellationToken cancellationToken)
    {
        var id = "highlight:" + highlightId;
        var reels = await ReelsAsync("reel_ids=" + Uri.EscapeDataString(id), cancellationToken);
        gate.Succeeded();
        if (!reels.TryGetValue(id, out var reel) || reel.Items.Count == 0)
            return StoryFetchResult.Failed(FetchOutcome.Gone, account, "highlight not there");
        if (reel.Owner is { } owner)
        {
            lookup.Remember(new InstagramAccount(owner.Id, owner.Username, owner.FullName, owner.IsPrivate));
            account = account with { Username = owner.Username, DisplayName = owner.FullName };
        }

        var group = new StoryGroup(id, string.IsNullOrWhiteSpace(reel.Title) ? "Highlight" : reel.Title);
        return new StoryFetchResult(FetchOutcome.Ok, account, StoryOrder.OldestFirst(reel.Items.Select(item => ToStoryItem(item, group))))
        {
            Kind = StoryKind.Highlights,
        };
    }

    private async Task<IReadOnlyList<StoryItem>> HighlightsAsync(string userId, CancellationToken cancellationToken)
    {
        var tray = new List<(string Id, string Title)>();
        using (var document = await api.GetAsync($"/api/v1/highlights/{userId}/highlights_tray/", cancellationToken))
        {
            if (document.RootElement.TryGetProperty("tray", out var entries) && entries.ValueKind == JsonValueKind.Array)
                foreach (var entry in entries.EnumerateArray())
                    if (InstagramReels.Id(entry, "id") is { Length: > 0 } id)
                        tray.Add((id.StartsWith("highlight:", StringComparison.Ordinal) ? id : "highlight:" + id,
                                  entry.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() ?? "" : ""));
        }

        var items = new List<StoryItem>();
        foreach (var chunk in tray.Chunk(HighlightsPerRequest))
        {
            var reels = await ReelsAsync(string.Join('&', chunk.Select(h => "reel_ids=" + Uri.EscapeDataString(h.Id))), cancellationToken);
            foreach (var (id, title) in chunk)
            {
                if (!reels.TryGetValue(id, out var reel))
                    continue;
                var group = new StoryGroup(id, string.IsNullOrWhiteSpace(title) ? reel.Title ?? "Highlight" : title);
                items.AddRange(StoryOrder.OldestFirst(reel.Items.Select(item => ToStoryItem(item, group))));
            }
        }

        return items;
    }

    private static StoryItem ToStoryItem(InstagramReels.Item item, StoryGroup? group) => new(
        item.Pk,
        item.IsVideo ? MediaKind.Video : MediaKind.Photo,
        Uri.TryCreate(item.MediaUrl, UriKind.Absolute, out var url) ? url : null,
        item.TakenAt > 0 ? DateTimeOffset.FromUnixTimeSeconds(Math.Min(item.TakenAt, 253_402_300_799)) : DateTimeOffset.MinValue,
        item.Position,
        group)
    {
        PosterUrl = Uri.TryCreate(item.PosterUrl, UriKind.Absolute, out var poster) ? poster : null,
    };
}
