using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StoryBot.Core.Storage;

namespace StoryBot.Core.Sources.Instagram;

/// <summary>
/// Username → user id, through a chain (docs/instagram-web.md §10.1): the stored id; then <c>web_profile_info</c>;
/// then <c>topsearch</c> (exact match only); then the profile page. A 429 or 401 on one path moves on to the next and
/// pauses only that path, with a pause that doubles on repeats; the story endpoints' gate is never touched, so
/// accounts with a known id keep being read. Every id found is stored for good.
/// </summary>
public sealed partial class InstagramIdLookup(
    InstagramApi api,
    InstagramAccountStore store,
    IOptionsMonitor<InstagramOptions> options,
    TimeProvider timeProvider,
    ILogger<InstagramIdLookup> logger)
{
    private static readonly LookupPath[] Chain = [LookupPath.ProfileInfo, LookupPath.TopSearch, LookupPath.ProfilePage];

    [GeneratedRegex("\"profile_id\":\"([0-9]{1,20})\"", RegexOptions.CultureInvariant)]
    private static partial Regex ProfileIdPattern();

    [GeneratedRegex("\"is_private\":(true|false)", RegexOptions.CultureInvariant)]
    private static partial Regex IsPrivatePattern();

    private readonly Lock _lock = new();
    private readonly Dictionary<LookupPath, (int Streak, DateTimeOffset Until)> _paused = [];

    /// <summary>When the path may be used again; null when it is open.</summary>
    public DateTimeOffset? PausedUntil(LookupPath path)
    {
        lock (_lock)
            return _paused.TryGetValue(path, out var pause) && pause.Until > timeProvider.GetUtcNow() ? pause.Until : null;
    }

    /// <summary>The stored account, without any request; null when unknown or storage fails.</summary>
    public InstagramAccount? Known(string username) => Stored(() => store.ByUsername(username));

    public InstagramAccount? KnownId(string id) => Stored(() => store.ById(id));

    /// <summary>Remembers what an answer showed about an account (a rename, a fresh full name).</summary>
    public void Remember(InstagramAccount account) => Stored<object?>(() =>
    {
        store.Save(account);
        return null;
    });

    /// <exception cref="InstagramApiException">
    /// Only what concerns the session as a whole (checkpoint, login required, our request rejected): the caller's
    /// gate deals with those.
    /// </exception>
    public async Task<LookupResult> ResolveAsync(string username, CancellationToken cancellationToken)
    {
        if (Known(username) is { } known)
            return new LookupResult(LookupOutcome.Found, known);

        DateTimeOffset? retryAt = null;
        string? reason = null;
        foreach (var path in Chain)
        {
            if (PausedUntil(path) is { } until)
            {
                retryAt = Earliest(retryAt, until);
                continue;
            }

            try
            {
                var result = path switch
                {
                    LookupPath.ProfileInfo => await ProfileInfoAsync(username, cancellationToken),
                    LookupPath.TopSearch => await TopSearchAsync(username, cancellationToken),
                    _ => await ProfilePageAsync(username, cancellationToken),
                };
                lock (_lock)
                    _paused.Remove(path);
                if (result is null)
                    continue;   // this path does not know; the next may
                if (result.Account is { } account)
                {
                    Remember(account);
                    logger.LogInformation("Instagram {Username} is id {UserId} (found by {Path})", username, account.Id, path);
                }

                return result;
            }
            catch (InstagramApiException ex) when (ex.Error == InstagramError.RateLimited || ex.StatusCode == 401)
            {
                retryAt = Earliest(retryAt, Pause(path));
                reason = ex.Message;
            }
            catch (InstagramApiException ex) when (ex.Error is InstagramError.ServerError or InstagramError.Unexpected or InstagramError.NotFound)
            {
                // NotFound here is topsearch's route, not the account: only web_profile_info and the page say that.
                logger.LogWarning("Instagram lookup of {Username} by {Path} failed: {Reason}", username, path, ex.Message);
                reason = ex.Message;
            }
        }

        return retryAt is not null
            ? new LookupResult(LookupOutcome.RateLimited, RetryAt: retryAt, Reason: reason)
            : new LookupResult(LookupOutcome.Failed, Reason: reason ?? "no lookup path found the account");
    }

    private DateTimeOffset Pause(LookupPath path)
    {
        lock (_lock)
        {
            var settings = options.CurrentValue;
            var streak = _paused.TryGetValue(path, out var previous) ? previous.Streak : 0;
            var pause = TimeSpan.FromTicks(Math.Min(settings.MaxRateLimitPause.Ticks, settings.RateLimitPause.Ticks * (1L << Math.Min(streak, 20))));
            var until = timeProvider.GetUtcNow() + pause;
            _paused[path] = (streak + 1, until);
            logger.LogWarning("Instagram lookup path {Path} is rate-limited ({Streak} in a row): not used for {Pause}; other paths go on", path, streak + 1, pause);
            return until;
        }
    }

    /// <returns>Found, NotFound (the 404) or Unavailable (<c>user: null</c>).</returns>
    private async Task<LookupResult?> ProfileInfoAsync(string username, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await api.GetAsync($"/api/v1/users/web_profile_info/?username={Uri.EscapeDataString(username)}", cancellationToken);
        }
        catch (InstagramApiException ex) when (ex.Error == InstagramError.NotFound)
        {
            return new LookupResult(LookupOutcome.NotFound);   // 404 with an empty body: no such account (§2)
        }

        using (document)
        {
            if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object ||
                !data.TryGetProperty("user", out var user))
                throw new InstagramApiException(InstagramError.Unexpected, 200, "profile answer without data.user");
            if (user.ValueKind == JsonValueKind.Null)
                return new LookupResult(LookupOutcome.Unavailable);   // restricted or unavailable to this session (§2)
            if (user.ValueKind != JsonValueKind.Object || InstagramReels.Id(user, "id") is not { } id || !id.All(char.IsAsciiDigit))
                throw new InstagramApiException(InstagramError.Unexpected, 200, "profile without a numeric id");
            return Found(id, username, InstagramReels.Text(user, "full_name"), InstagramReels.IsTrue(user, "is_private"));
        }
    }

    /// <returns>Found for an exact (case-insensitive) match; null otherwise: near matches are common, and topsearch misses some accounts.</returns>
    private async Task<LookupResult?> TopSearchAsync(string username, CancellationToken cancellationToken)
    {
        using var document = await api.GetAsync($"/web/search/topsearch/?query={Uri.EscapeDataString(username)}", cancellationToken);
        if (!document.RootElement.TryGetProperty("users", out var users) || users.ValueKind != JsonValueKind.Array)
            throw new InstagramApiException(InstagramError.Unexpected, 200, "topsearch answer without users");
        foreach (var entry in users.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("user", out var user) || user.ValueKind != JsonValueKind.Object)
                continue;
            if (!string.Equals(InstagramReels.Text(user, "username"), username, StringComparison.OrdinalIgnoreCase))
                continue;
            if ((InstagramReels.Id(user, "pk") ?? InstagramReels.Id(user, "pk_id")) is { Length: > 0 } id && id.All(char.IsAsciiDigit))
                return Found(id, username, InstagramReels.Text(user, "full_name"), InstagramReels.IsTrue(user, "is_private"));
        }

        return null;
    }

    /// <returns>Found from <c>"profile_id":"…"</c>; NotFound for a 404 page.</returns>
    private async Task<LookupResult?> ProfilePageAsync(string username, CancellationToken cancellationToken)
    {
        string page;
        try
        {
            page = await api.GetPageAsync($"/{Uri.EscapeDataString(username)}/", cancellationToken);
        }
        catch (InstagramApiException ex) when (ex.Error == InstagramError.NotFound)
        {
            return new LookupResult(LookupOutcome.NotFound);
        }

        if (ProfileIdPattern().Match(page) is not { Success: true } match)
            throw new InstagramApiException(InstagramError.Unexpected, 200, "profile page without profile_id");
        var isPrivate = IsPrivatePattern().Match(page) is { Success: true } p && p.Groups[1].Value == "true";
        return Found(match.Groups[1].Value, username, null, isPrivate);
    }

    private static LookupResult Found(string id, string username, string? fullName, bool isPrivate) =>
        new(LookupOutcome.Found, new InstagramAccount(id, username.ToLowerInvariant(), fullName, isPrivate));

    private static DateTimeOffset Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;

    private T? Stored<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (StorageErrors.Is(ex))
        {
            // Without storage the chain still works; the id is just not remembered this time.
            logger.LogWarning("Instagram account ids could not be read or saved: {Reason}", ex.Message);
            return default;
        }
    }
}
