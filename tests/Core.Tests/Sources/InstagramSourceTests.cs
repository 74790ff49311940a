using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StoryBot.Core.Operations;
using StoryBot.Core.Sources;
using StoryBot.Core.Sources.Instagram;
using StoryBot.Core.Storage;
using StoryBot.Core.Tests.Pipeline;
using StoryBot.Tests.Fakes.Instagram;

namespace StoryBot.Core.Tests.Sources;

/// <summary>The Instagram source over real HTTP against the fake web API, every error form of docs/instagram-web.md §6.</summary>
public sealed class InstagramSourceTests : IAsyncLifetime
{
    private FakeInstagramApi _api = null!;
    private HttpClient _http = null!;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2025-11-05T12:00:00Z"));
    private readonly RecordingAlerts _alerts = new();
    private readonly CapturingLoggerProvider _logs = new();
    private InstagramOptions _options = null!;
    private InstagramSource _source = null!;
    private InstagramSession _session = null!;
    private readonly string _folder = Directory.CreateTempSubdirectory("storybot-ig-").FullName;
    private readonly List<StoryDatabase> _databases = [];

    public async Task InitializeAsync()
    {
        _api = await FakeInstagramApi.StartAsync();
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        _options = Options(_api.ValidSessionId);
        _source = CreateSource(_options);
    }

    /// <summary>No pacing: these tests are about the answers; the pacer has its own.</summary>
    private InstagramOptions Options(string session) =>
        new() { BaseUrl = new Uri(_api.BaseUrl), SessionId = session, RequestInterval = TimeSpan.Zero, RequestJitter = TimeSpan.Zero };

    /// <param name="database">The file's name in this test's folder: two sources on one name are a restart.</param>
    private InstagramSource CreateSource(InstagramOptions options, string database = "bot.db")
    {
        var monitor = new StaticOptionsMonitor(options);
        var factory = new LoggerFactory([_logs]);
        _session = new InstagramSession(monitor, _time, factory.CreateLogger<InstagramSession>());
        var gate = new InstagramGate(monitor, _session, _alerts, _time, factory.CreateLogger<InstagramGate>());
        var api = new InstagramApi(_http, monitor, _session, new InstagramPacer(monitor, _time), _time);
        var db = new StoryDatabase(Microsoft.Extensions.Options.Options.Create(new StorageOptions { DatabasePath = Path.Combine(_folder, database) }), NullLogger<StoryDatabase>.Instance);
        _databases.Add(db);
        Store = new InstagramAccountStore(db, _time);
        var lookup = new InstagramIdLookup(api, Store, monitor, _time, factory.CreateLogger<InstagramIdLookup>());
        Lookup = lookup;
        return new InstagramSource(api, gate, _session, lookup, monitor, factory.CreateLogger<InstagramSource>());
    }

    private InstagramAccountStore Store { get; set; } = null!;
    private InstagramIdLookup Lookup { get; set; } = null!;

    /// <summary>Closes the databases so the next source can open the same file (a restart).</summary>
    private void CloseDatabases()
    {
        foreach (var db in _databases)
            db.Dispose();
        _databases.Clear();
    }

    public async Task DisposeAsync()
    {
        CloseDatabases();
        _http.Dispose();
        await _api.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static IgItem Photo(long takenAt) => new(IgIds.Pk(), 1, takenAt,
        [new IgVersion(640, 1138, "https://scontent.cdninstagram.com/small.jpg?oh=1&oe=6930A1B2"), new IgVersion(1080, 1920, "https://scontent.cdninstagram.com/big.jpg?oh=2&oe=6930A1B2")], []);

    private static IgItem Video(long takenAt) => new(IgIds.Pk(), 2, takenAt,
        [new IgVersion(720, 1280, "https://scontent.cdninstagram.com/poster.jpg?oh=3&oe=6930A1B2")],
        [new IgVersion(480, 854, "https://instagram.fna.fbcdn.net/o1/480.mp4?oh=4&oe=6930A1B2", 102), new IgVersion(720, 1280, "https://instagram.fna.fbcdn.net/o1/720.mp4?oh=5&oe=6930A1B2", 101)],
        11.5);

    private Task<StoryFetchResult> FetchAsync(string username, StoryKind kind = StoryKind.Stories) =>
        _source.FetchAsync(username, kind, CancellationToken.None);

    [Theory]
    [InlineData(ReelsShape.Both, false)]
    [InlineData(ReelsShape.ReelsMapOnly, true)]
    [InlineData(ReelsShape.ReelsMediaArrayOnly, true)]
    [InlineData(ReelsShape.GraphQl, true)]
    public async Task Story_comes_oldest_first_with_the_best_versions_whatever_the_shape(ReelsShape shape, bool pkAsNumber)
    {
        _api.ReelsShape = shape;
        _api.PkAsNumber = pkAsNumber;
        var story = new[] { Photo(1_762_300_800), Video(1_762_304_400), Photo(1_762_304_500) };
        _api.SetUser(new IgUser("river.lane") { FullName = "River Lane", Story = story });

        var result = await FetchAsync("river.lane");

        Assert.Equal(FetchOutcome.Ok, result.Outcome);
        Assert.Equal("River Lane", result.Account.DisplayName);
        Assert.Equal(story.Select(i => i.Pk), result.Items.Select(i => i.Id));
        Assert.Equal([MediaKind.Photo, MediaKind.Video, MediaKind.Photo], result.Items.Select(i => i.Kind));
        Assert.Equal("https://scontent.cdninstagram.com/big.jpg?oh=2&oe=6930A1B2", result.Items[0].MediaUrl!.ToString());
        Assert.Equal("https://instagram.fna.fbcdn.net/o1/720.mp4?oh=5&oe=6930A1B2", result.Items[1].MediaUrl!.ToString());
    }

    [Fact]
    public async Task The_user_id_is_looked_up_once_and_kept_across_a_restart()
    {
        _api.SetUser(new IgUser("river.lane") { Story = [Photo(1_762_300_800)] });

        await FetchAsync("river.lane");
        await FetchAsync("river.lane");

        // web_profile_info 429s (the 2026 default), so topsearch found it; the second fetch asked nothing but reels.
        Assert.Equal(1, _api.RequestCount("/api/v1/users/web_profile_info/"));
        Assert.Equal(1, _api.RequestCount("/web/search/topsearch/"));
        Assert.Equal(2, _api.RequestCount("/api/v1/feed/reels_media/"));
        Assert.Equal(IgIds.UserIdFor("river.lane"), Store.ByUsername("river.lane")!.Id);

        // A new process on the same database file needs no lookup at all.
        CloseDatabases();
        _api.ClearRequests();
        var restarted = CreateSource(_options);
        Assert.Equal(FetchOutcome.Ok, (await restarted.FetchAsync("river.lane", StoryKind.Stories, CancellationToken.None)).Outcome);
        Assert.Equal(["/api/v1/feed/reels_media/"], _api.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task The_lookup_chain_takes_only_exact_topsearch_matches_and_falls_back_to_the_profile_page()
    {
        // "river" has near matches (river.lane, river_official…) but no account of its own in search results.
        _api.SetUser(new IgUser("river.lane") { Story = [Photo(1_762_300_800)] });
        _api.SetUser(new IgUser("river") { HiddenFromSearch = true, Story = [Photo(1_762_300_900)] });

        var result = await FetchAsync("river");

        Assert.Equal(FetchOutcome.Ok, result.Outcome);
        Assert.Equal(IgIds.UserIdFor("river"), Store.ByUsername("river")!.Id);
        Assert.Equal(["/api/v1/users/web_profile_info/", "/web/search/topsearch/", "/river/", "/api/v1/feed/reels_media/"], _api.Requests.Select(r => r.Path));
        Assert.Contains("reel_ids=" + IgIds.UserIdFor("river"), _api.Requests[^1].Query);
    }

    [Fact]
    public async Task A_rate_limited_lookup_path_is_skipped_and_never_pauses_known_accounts()
    {
        _api.SetUser(new IgUser("river.lane") { Story = [Photo(1_762_300_800)] });
        _api.SetUser(new IgUser("other.one") { Story = [Photo(1_762_300_800)] });
        Assert.Equal(FetchOutcome.Ok, (await FetchAsync("river.lane")).Outcome);   // its id is now known

        _api.SetScenario(IgScenario.RateLimited401, route: IgRoute.TopSearch);
        _api.ClearRequests();
        Assert.Equal(FetchOutcome.Ok, (await FetchAsync("other.one")).Outcome);     // the profile page gave its id
        Assert.NotNull(Lookup.PausedUntil(LookupPath.ProfileInfo));
        Assert.NotNull(Lookup.PausedUntil(LookupPath.TopSearch));
        Assert.Null(Lookup.PausedUntil(LookupPath.ProfilePage));

        // Paused paths are not asked again; the known account's story still comes, at the cost of one request.
        _api.SetUser(new IgUser("third.one") { Story = [Photo(1_762_300_800)] });
        _api.ClearRequests();
        Assert.Equal(FetchOutcome.Ok, (await FetchAsync("third.one")).Outcome);
        Assert.Equal(["/third.one/", "/api/v1/feed/reels_media/"], _api.Requests.Select(r => r.Path));
        _api.ClearRequests();
        Assert.Equal(FetchOutcome.Ok, (await FetchAsync("river.lane")).Outcome);
        Assert.Equal(["/api/v1/feed/reels_media/"], _api.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task A_renamed_account_is_followed_by_its_id_and_the_old_name_freed()
    {
        var id = IgIds.UserIdFor("river.lane");
        _api.SetUser(new IgUser("river.lane") { Story = [Photo(1_762_300_800)] });
        await FetchAsync("river.lane");

        _api.RemoveUser("river.lane");
        _api.SetUser(new IgUser("river.lane.films") { Id = id, FullName = "River Films", Story = [Photo(1_762_300_800)] });
        var result = await FetchAsync("river.lane");

        Assert.Equal(FetchOutcome.Ok, result.Outcome);
        Assert.Equal(("river.lane.films", "River Films"), (result.Account.Username, result.Account.DisplayName));
        Assert.Equal(id, Store.ByUsername("river.lane.films")!.Id);
        Assert.Null(Store.ByUsername("river.lane"));
    }

    [Fact]
    public async Task Id_story_item_and_highlight_references_each_bring_what_they_name()
    {
        var story = new[] { Photo(1_762_300_800), Photo(1_762_300_900) };
        var highlight = new IgHighlight(IgIds.HighlightId(), "Tokyo", [Photo(1_700_000_000), Video(1_700_000_100)]);
        _api.SetUser(new IgUser("river.lane") { FullName = "River Lane", Story = story, Highlights = [highlight] });

        var byId = await FetchAsync("id:" + IgIds.UserIdFor("river.lane"));
        Assert.Equal(("river.lane", 2), (byId.Account.Username, byId.Items.Count));

        var item = await FetchAsync($"instagram.com/stories/river.lane/{story[1].Pk}/");
        Assert.Equal([story[1].Pk], item.Items.Select(i => i.Id));

        var gone = await FetchAsync("instagram.com/stories/river.lane/3760000000000000001/");
        Assert.Equal(FetchOutcome.Gone, gone.Outcome);

        var one = await FetchAsync($"instagram.com/stories/highlights/{highlight.Id}/");
        Assert.Equal((FetchOutcome.Ok, StoryKind.Highlights, "river.lane"), (one.Outcome, one.Kind, one.Account.Username));
        Assert.Equal(highlight.Items.Select(i => i.Pk), one.Items.Select(i => i.Id));
        Assert.All(one.Items, i => Assert.Equal("Tokyo", i.Group!.Title));
        Assert.Equal(0, _api.RequestCount("/api/v1/highlights/"));   // one highlight: no tray

        Assert.Equal(FetchOutcome.Gone, (await FetchAsync("instagram.com/stories/highlights/17900000000000001/")).Outcome);
    }

    [Fact]
    public async Task Requests_carry_the_web_app_headers_and_a_matching_csrf_pair()
    {
        _api.SetUser(new IgUser("river.lane") { Story = [Photo(1_762_300_800)] });
        await FetchAsync("river.lane");

        Assert.All(_api.Requests, request =>
        {
            Assert.Equal("936619743392459", request.Headers["X-IG-App-ID"]);
            Assert.StartsWith("Mozilla/5.0", request.Headers["User-Agent"]);
            Assert.Equal(request.Cookies["csrftoken"], request.Headers["X-CSRFToken"]);
            Assert.Equal(_api.ValidSessionId, request.Cookies["sessionid"]);
        });
        Assert.Equal(200, _api.Requests[^1].StatusCode);
    }

    [Fact]
    public async Task Highlights_come_from_the_tray_in_chunks_each_with_its_title()
    {
        var highlights = Enumerable.Range(0, 7)
            .Select(i => new IgHighlight(IgIds.HighlightId(), $"Trip {i}", [Photo(1_700_000_000 + i), Video(1_700_000_100 + i)]))
            .ToList();
        _api.SetUser(new IgUser("river.lane") { Highlights = highlights });

        var result = await FetchAsync("river.lane", StoryKind.Highlights);

        Assert.Equal(FetchOutcome.Ok, result.Outcome);
        Assert.Equal(14, result.Items.Count);
        Assert.Equal(highlights.SelectMany(h => h.Items.Select(_ => h.Title)), result.Items.Select(i => i.Group!.Title));
        Assert.Equal(2, _api.RequestCount("/api/v1/feed/reels_media/"));   // 7 highlights in chunks of 5
        Assert.Equal(1, _api.RequestCount("/api/v1/highlights/"));
    }

    [Fact]
    public async Task Without_a_session_nothing_is_requested()
    {
        var source = CreateSource(Options("  "), "other.db");
        var result = await source.FetchAsync("river.lane", StoryKind.Stories, CancellationToken.None);

        Assert.Equal(FetchOutcome.SessionMissing, result.Outcome);
        Assert.Empty(_api.Requests);
    }

    [Theory]
    [InlineData(ExpiredSessionForm.NoReelsKey)]
    [InlineData(ExpiredSessionForm.HomeRedirect)]
    [InlineData(ExpiredSessionForm.LoginRedirect)]
    [InlineData(ExpiredSessionForm.LoginRequired)]
    public async Task An_expired_session_is_reported_and_the_admins_told_once(ExpiredSessionForm form)
    {
        _api.ExpiredSession = form;
        _api.SetUser(new IgUser("river.lane") { Story = [Photo(1_762_300_800)] });
        var source = CreateSource(Options("48213377901%3Aexpired%3A12"), "other.db");

        var first = await source.FetchAsync("river.lane", StoryKind.Stories, CancellationToken.None);
        var requests = _api.Requests.Count;
        var second = await source.FetchAsync("river.lane", StoryKind.Stories, CancellationToken.None);

        Assert.Equal(FetchOutcome.SessionExpired, first.Outcome);
        Assert.Equal(FetchOutcome.SessionExpired, second.Outcome);
        Assert.Equal(requests, _api.Requests.Count);   // the gate stays closed for that session
        Assert.Single(_alerts.Messages);
    }

    [Fact]
    public async Task An_empty_reels_key_is_no_story_but_a_missing_one_is_an_expired_session()
    {
        _api.SetUser(new IgUser("quiet.day"));
        Assert.Equal(FetchOutcome.NoCurrentStory, (await FetchAsync("quiet.day")).Outcome);
        Assert.Empty(_alerts.Messages);

        _api.SetScenario(IgScenario.NoReelsKey200, route: IgRoute.ReelsMedia);
        Assert.Equal(FetchOutcome.SessionExpired, (await FetchAsync("quiet.day")).Outcome);
        Assert.Contains("expired", Assert.Single(_alerts.Messages));
    }

    [Fact]
    public async Task A_redirect_to_auth_platform_is_a_checkpoint()
    {
        _api.SetUser(new IgUser("river.lane") { Story = [Photo(1_762_300_800)] });
        _api.SetScenario(IgScenario.AuthPlatform302, route: IgRoute.ReelsMedia);

        Assert.Equal(FetchOutcome.SessionCheckpoint, (await FetchAsync("river.lane")).Outcome);
        Assert.Contains("confirm a login", Assert.Single(_alerts.Messages));
    }

    [Fact]
    public async Task The_older_400_login_required_form_also_means_the_session_expired()
    {
        _api.SetUser(new IgUser("river.lane") { Story = [Photo(1_762_300_800)] });
        _api.SetScenario(IgScenario.LoginRequired400);

        Assert.Equal(FetchOutcome.SessionExpired, (await FetchAsync("river.lane")).Outcome);
        Assert.Single(_alerts.Messages);
    }

    [Theory]
    [InlineData(IgScenario.RateLimited401)]
    [InlineData(IgScenario.RateLimited429Json)]
    [InlineData(IgScenario.RateLimited429Html)]
    [InlineData(IgScenario.RateLimitError400)]
    public async Task A_rate_limit_pauses_instagram_for_growing_periods(IgScenario scenario)
    {
        _api.SetUser(new IgUser("river.lane") { Story = [Photo(1_762_300_800)] });
        _api.SetUser(new IgUser("other.one") { Story = [Photo(1_762_300_800)] });
        _api.SetScenario(scenario);

        var limited = await FetchAsync("river.lane");
        Assert.Equal(FetchOutcome.RateLimited, limited.Outcome);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(5), limited.RetryAt);

        // During the pause nothing goes out, for any account.
        var requests = _api.Requests.Count;
        Assert.Equal(FetchOutcome.RateLimited, (await FetchAsync("other.one")).Outcome);
        Assert.Equal(requests, _api.Requests.Count);

        // After it, a second rate limit doubles the pause; a success resets it.
        _time.Advance(TimeSpan.FromMinutes(5));
        var again = await FetchAsync("river.lane");
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(10), again.RetryAt);

        _time.Advance(TimeSpan.FromMinutes(10));
        _api.ClearScenarios();
        Assert.Equal(FetchOutcome.Ok, (await FetchAsync("river.lane")).Outcome);
        _api.SetScenario(scenario);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(5), (await FetchAsync("river.lane")).RetryAt);
    }

    [Theory]
    [InlineData(IgScenario.Checkpoint400)]
    [InlineData(IgScenario.Challenge400)]
    [InlineData(IgScenario.Challenge302)]
    [InlineData(IgScenario.FeedbackRequired400)]
    [InlineData(IgScenario.SentryBlock400)]
    public async Task A_checkpoint_stops_instagram_until_the_session_is_replaced(IgScenario scenario)
    {
        _api.SetUser(new IgUser("river.lane") { Story = [Photo(1_762_300_800)] });
        _api.SetScenario(scenario);

        Assert.Equal(FetchOutcome.SessionCheckpoint, (await FetchAsync("river.lane")).Outcome);
        var requests = _api.Requests.Count;
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(FetchOutcome.SessionCheckpoint, (await FetchAsync("river.lane")).Outcome);
        Assert.Equal(requests, _api.Requests.Count);               // no more calls with that session
        Assert.Single(_alerts.Messages);                            // told once

        // A new session value reopens Instagram.
        _api.ClearScenarios();
        _api.ValidSessionId = "48213377901%3Anew-session%3A12";
        _options.SessionId = _api.ValidSessionId;
        Assert.True(_session.Refresh());
        Assert.Equal(FetchOutcome.Ok, (await FetchAsync("river.lane")).Outcome);
    }

    [Fact]
    public async Task Not_found_unavailable_and_private_accounts_are_told_apart()
    {
        _api.ProfileInfoRateLimited = false;   // user: null is only web_profile_info's to say
        _api.SetUser(new IgUser("gone.user") { Unavailable = true });
        _api.SetUser(new IgUser("closed.door") { IsPrivate = true, Story = [Photo(1_762_300_800)] });
        _api.SetUser(new IgUser("friend.only") { IsPrivate = true, ViewerFollows = true, Story = [Photo(1_762_300_800)] });
        _api.SetUser(new IgUser("quiet.day"));

        Assert.Equal(FetchOutcome.NotFound, (await FetchAsync("nobody.here")).Outcome);
        Assert.Equal(FetchOutcome.Unavailable, (await FetchAsync("gone.user")).Outcome);      // user: null, not a 404
        Assert.Equal(FetchOutcome.NotPublic, (await FetchAsync("closed.door")).Outcome);
        Assert.Equal(FetchOutcome.Ok, (await FetchAsync("friend.only")).Outcome);
        Assert.Equal(FetchOutcome.NoCurrentStory, (await FetchAsync("quiet.day")).Outcome);
    }

    [Theory]
    [InlineData(IgScenario.ServerError500)]
    [InlineData(IgScenario.ServerError560)]
    public async Task Server_errors_are_retried_then_reported_as_blocked(IgScenario scenario)
    {
        _api.SetUser(new IgUser("river.lane") { Story = [Photo(1_762_300_800)] });
        _api.SetScenario(scenario, times: 2);
        var ok = _source.FetchAsync("river.lane", StoryKind.Stories, CancellationToken.None);
        while (!ok.IsCompleted)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        Assert.Equal(FetchOutcome.Ok, (await ok).Outcome);
    }

    [Fact]
    public async Task The_session_value_never_appears_in_logs_or_results()
    {
        _api.SetUser(new IgUser("river.lane") { Story = [Photo(1_762_300_800)] });
        _api.SetScenario(IgScenario.LoginRequired403);
        var result = await FetchAsync("river.lane");
        _api.ClearScenarios();
        _api.SetScenario(IgScenario.Checkpoint400);
        var checkpoint = await FetchAsync("river.lane");

        var everything = string.Join('\n', _logs.Lines.Concat(_alerts.Messages).Append(result.ToString()).Append(checkpoint.ToString()));
        Assert.DoesNotContain(_api.ValidSessionId, everything);
        Assert.DoesNotContain(Uri.UnescapeDataString(_api.ValidSessionId), everything);
    }

    private sealed class RecordingAlerts : IOperatorAlerts
    {
        public List<string> Messages { get; } = [];

        public Task NotifyAsync(string message, CancellationToken cancellationToken)
        {
            lock (Messages)
                Messages.Add(message);
            return Task.CompletedTask;
        }
    }

    private sealed class StaticOptionsMonitor(InstagramOptions options) : IOptionsMonitor<InstagramOptions>
    {
        public InstagramOptions CurrentValue => options;
        public InstagramOptions Get(string? name) => options;
        public IDisposable? OnChange(Action<InstagramOptions, string?> listener) => null;
    }
}
