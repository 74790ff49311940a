using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoryBot.Core.Caching;

namespace StoryBot.Core.Sources.Instagram;

/// <summary>
/// Stories and highlights through Instagram's web API with the owner's session: username → user id (cached, so a
/// poll costs one request), then <c>reels_media</c>. Every error form of docs/instagram-web.md §6 becomes an
/// outcome; rate limits and checkpoints close the <see cref="InstagramGate"/> for everyone.
/// </summary>
public sealed class InstagramSource(
    InstagramApi api,
    InstagramGate gate,
    IOptionsMonitor<InstagramOptions> options,
    TimeProvider timeProvider,
    ILogger<InstagramSource> logger) : IStorySource
{
    /// <summary>
    /// How long a looked-up profile is trusted. The id never changes, but an account can turn private or change its
    /// name, and "private" decides what an empty story means (docs/instagram-web.md §3).
    /// </summary>
    private static readonly TimeSpan ProfileLifetime = TimeSpan.FromHours(24);

    /// <summary>gallery-dl asks for 5 highlight reels per reels_media call.</summary>
    private const int HighlightsPerRequest = 5;

    /// <summary>Profiles remembered at most: /insta takes any username anyone types.</summary>
    private const int MaxProfiles = 5_000;

    private readonly ExpiringCache<string, InstagramProfile> _profiles = new(MaxProfiles, ProfileLifetime, timeProvider, StringComparer.Ordinal);

    public Platform Platform => Platform.Instagram;

    public int MaxConcurrentFetches => options.CurrentValue.MaxConcurrentFetches;

    public async Task<StoryFetchResult> FetchAsync(string username, StoryKind kind, CancellationToken cancellationToken)
    {
        var account = new StoryAccount(Platform.Instagram, username);
        if (!options.CurrentValue.HasSession)
            return StoryFetchResult.Failed(FetchOutcome.SessionMissing, account);

        switch (gate.State)
        {
            case { Status: InstagramGateStatus.Checkpoint }:
                return StoryFetchResult.Failed(FetchOutcome.SessionCheckpoint, account);
            case { Status: InstagramGateStatus.RateLimited, Until: var until }:
                return StoryFetchResult.Failed(FetchOutcome.RateLimited, account) with { RetryAt = until };
        }

        try
        {
            // A missing account is a 404 (an exception); null is an account Instagram will not show us.
            var profile = await ProfileAsync(username, cancellationToken);
            if (profile is null)
                return StoryFetchResult.Failed(FetchOutcome.Unavailable, account);
            account = account with { DisplayName = profile.FullName };

            var items = kind == StoryKind.Highlights
                ? await HighlightsAsync(profile, cancellationToken)
                : await StoryAsync(profile, cancellationToken);
            gate.Succeeded();
            logger.LogInformation("Instagram {Username}: {Kind} has {ItemCount} items", username, kind, items.Count);

            if (items.Count > 0)
                return new StoryFetchResult(FetchOutcome.Ok, account, items);
            // An empty answer for a private account the session does not follow looks exactly like "no story".
            return StoryFetchResult.Failed(profile.IsPrivate ? FetchOutcome.NotPublic : FetchOutcome.NoCurrentStory, account);
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

    private async Task<InstagramProfile?> ProfileAsync(string username, CancellationToken cancellationToken)
    {
        if (_profiles.TryGet(username, out var cached))
            return cached;

        using var document = await api.GetAsync($"/api/v1/users/web_profile_info/?username={Uri.EscapeDataString(username)}", cancellationToken);
        if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object ||
            !data.TryGetProperty("user", out var user))
            throw new InstagramApiException(InstagramError.Unexpected, 200, "profile answer without data.user");
        if (user.ValueKind == JsonValueKind.Null)
            return null;   // user: null — restricted or unavailable to this session (docs/instagram-web.md §2)
        if (user.ValueKind != JsonValueKind.Object)
            throw new InstagramApiException(InstagramError.Unexpected, 200, "data.user is not an object");

        if (InstagramReels.Id(user, "id") is not { } id || !id.All(char.IsAsciiDigit))
            throw new InstagramApiException(InstagramError.Unexpected, 200, "profile without a numeric id");

        var profile = new InstagramProfile(
            id,
            username,
            user.TryGetProperty("full_name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() is { Length: > 0 } n ? n : null,
            user.TryGetProperty("is_private", out var isPrivate) && isPrivate.ValueKind == JsonValueKind.True);
        _profiles.Set(username, profile);
        return profile;
    }

    private async Task<IReadOnlyList<StoryItem>> StoryAsync(InstagramProfile profile, CancellationToken cancellationToken)
    {
        using var document = await api.GetAsync($"/api/v1/feed/reels_media/?reel_ids={profile.Id}", cancellationToken);
        var reels = InstagramReels.Parse(document.RootElement);
        return reels.TryGetValue(profile.Id, out var reel)
            ? StoryOrder.OldestFirst(reel.Items.Select(item => ToStoryItem(item, group: null)))
            : [];
    }

    private async Task<IReadOnlyList<StoryItem>> HighlightsAsync(InstagramProfile profile, CancellationToken cancellationToken)
    {
        var tray = new List<(string Id, string Title)>();
        using (var document = await api.GetAsync($"/api/v1/highlights/{profile.Id}/highlights_tray/", cancellationToken))
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
            var query = string.Join('&', chunk.Select(h => "reel_ids=" + Uri.EscapeDataString(h.Id)));
            using var document = await api.GetAsync($"/api/v1/feed/reels_media/?{query}", cancellationToken);
            var reels = InstagramReels.Parse(document.RootElement);
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
        group);

}
