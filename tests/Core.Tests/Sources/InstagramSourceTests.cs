using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StoryBot.Core.Operations;
using StoryBot.Core.Sources;
using StoryBot.Core.Sources.Instagram;
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

    public async Task InitializeAsync()
    {
        _api = await FakeInstagramApi.StartAsync();
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        _options = new InstagramOptions { BaseUrl = new Uri(_api.BaseUrl), SessionId = _api.ValidSessionId };
        _source = CreateSource(_options);
    }

    private InstagramSource CreateSource(InstagramOptions options)
    {
        var monitor = new StaticOptionsMonitor(options);
        var factory = new LoggerFactory([_logs]);
        var gate = new InstagramGate(monitor, _alerts, _time, factory.CreateLogger<InstagramGate>());
        return new InstagramSource(new InstagramApi(_http, monitor, _time), gate, monitor, _time, factory.CreateLogger<InstagramSource>());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
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
    public async Task The_user_id_is_looked_up_once_so_later_fetches_cost_one_request()
    {
        _api.SetUser(new IgUser("river.lane") { Story = [Photo(1_762_300_800)] });

        await FetchAsync("river.lane");
        await FetchAsync("river.lane");
        await FetchAsync("river.lane");

        Assert.Equal(1, _api.RequestCount("/api/v1/users/web_profile_info/"));
        Assert.Equal(3, _api.RequestCount("/api/v1/feed/reels_media/"));

        // A day later the profile is read again: the account went private meanwhile, so its empty story is
        // "private", not "no story right now".
        _api.SetUser(new IgUser("river.lane") { IsPrivate = true });
        Assert.Equal(FetchOutcome.NoCurrentStory, (await FetchAsync("river.lane")).Outcome);     // still trusted
        _time.Advance(TimeSpan.FromHours(25));
        Assert.Equal(FetchOutcome.NotPublic, (await FetchAsync("river.lane")).Outcome);
        Assert.Equal(2, _api.RequestCount("/api/v1/users/web_profile_info/"));
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
            Assert.Equal(200, request.StatusCode);
        });
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
        var source = CreateSource(new InstagramOptions { BaseUrl = new Uri(_api.BaseUrl), SessionId = "  " });
        var result = await source.FetchAsync("river.lane", StoryKind.Stories, CancellationToken.None);

        Assert.Equal(FetchOutcome.SessionMissing, result.Outcome);
        Assert.Empty(_api.Requests);
    }

    [Theory]
    [InlineData(ExpiredSessionForm.LoginRedirect)]
    [InlineData(ExpiredSessionForm.LoginRequired)]
    public async Task An_expired_session_is_reported_and_the_admins_told_once(ExpiredSessionForm form)
    {
        _api.ExpiredSession = form;
        _api.SetUser(new IgUser("river.lane") { Story = [Photo(1_762_300_800)] });
        var source = CreateSource(new InstagramOptions { BaseUrl = new Uri(_api.BaseUrl), SessionId = "48213377901%3Aexpired%3A12" });

        var first = await source.FetchAsync("river.lane", StoryKind.Stories, CancellationToken.None);
        var second = await source.FetchAsync("river.lane", StoryKind.Stories, CancellationToken.None);

        Assert.Equal(FetchOutcome.SessionExpired, first.Outcome);
        Assert.Equal(FetchOutcome.SessionExpired, second.Outcome);
        Assert.Single(_alerts.Messages);
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
        Assert.Equal(FetchOutcome.Ok, (await FetchAsync("river.lane")).Outcome);
    }

    [Fact]
    public async Task Not_found_unavailable_and_private_accounts_are_told_apart()
    {
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
