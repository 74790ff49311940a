using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StoryBot.Core.Sources;
using StoryBot.Core.Sources.Snapchat;
using StoryBot.Tests.Fakes;
using StoryBot.Tests.Fakes.Snapchat;

namespace StoryBot.Core.Tests.Sources;

/// <summary>The Snapchat source over real HTTP against the fake site, one test per page state of docs/snapchat-web.md §6.</summary>
public sealed class SnapchatSourceTests : IAsyncLifetime
{
    private FakeSnapchatSite _site = null!;
    private SnapchatSource _source = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _site = await FakeSnapchatSite.StartAsync();
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        _source = new SnapchatSource(_http, Options.Create(new SnapchatOptions { BaseUrl = new Uri(_site.BaseUrl) }), NullLogger<SnapchatSource>.Instance);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _site.DisposeAsync();
    }

    private static FakeSnap Snap(string user, int i, int type, long ts) =>
        new(SnapIds.Story(user, i), type, $"https://cf-st.sc-cdn.net/d/Media{i:D17}.1023.IRZXSOY?mo=x&uc=75", ts);

    [Fact]
    public async Task A_burst_of_fetches_reaches_the_site_at_most_four_at_a_time_and_each_gets_its_answer()
    {
        _site.Latency = TimeSpan.FromMilliseconds(150);
        var users = Enumerable.Range(0, 12).Select(i => $"burst_user{i:D2}").ToList();
        foreach (var user in users)
            _site.SetProfile(new SnapProfile(user) { Snaps = [Snap(user, 0, 0, 1_762_300_000)] });
        var sources = new StorySources([_source]);

        var results = await Task.WhenAll(users.Select(user => sources.FetchAsync(Platform.Snapchat, user, StoryKind.Stories, CancellationToken.None)));

        Assert.Equal(4, _site.MaxConcurrentRequestsObserved);          // the cap is reached, never passed
        Assert.Equal(users, results.Select(r => r.Account.Username));
        Assert.All(results, r => Assert.Equal(FetchOutcome.Ok, r.Outcome));
        Assert.Equal(12, _site.Requests.Count);
    }

    [Fact]
    public async Task Public_story_of_seventy_snaps_comes_oldest_first_with_types_kept()
    {
        var snaps = Enumerable.Range(0, 70).Select(i => Snap("coastal_ivy", i, i % 3 == 0 ? 1 : 0, 1_762_300_000 + i / 3)).ToList();
        _site.SetProfile(new SnapProfile("coastal_ivy") { Snaps = snaps });

        var result = await _source.FetchAsync("coastal_ivy", StoryKind.Stories, CancellationToken.None);

        Assert.Equal(FetchOutcome.Ok, result.Outcome);
        Assert.Equal("coastal_ivy 🌊 Café", result.Account.DisplayName);
        Assert.Equal(snaps.Select(s => s.SnapId), result.Items.Select(i => i.Id));
        Assert.Equal(snaps.Select(s => s.MediaType == 1 ? MediaKind.Video : MediaKind.Photo), result.Items.Select(i => i.Kind));

        var request = Assert.Single(_site.Requests);
        Assert.Equal("/add/coastal_ivy/", request.PathAndQuery);
        Assert.StartsWith("Mozilla/5.0", request.UserAgent);
        Assert.Equal(200, request.StatusCode);
    }

    [Theory]
    [InlineData(StoryForm.Absent)]
    [InlineData(StoryForm.Null)]
    [InlineData(StoryForm.EmptyList)]
    public async Task Each_form_of_no_story_is_no_current_story(StoryForm form)
    {
        _site.SetProfile(new SnapProfile("quiet_one") { StoryForm = form, Snaps = [Snap("quiet_one", 0, 0, 1)] });
        var result = await _source.FetchAsync("quiet_one", StoryKind.Stories, CancellationToken.None);
        Assert.Equal(FetchOutcome.NoCurrentStory, result.Outcome);
    }

    [Fact]
    public async Task Highlights_and_spotlights_are_read_even_without_a_story()
    {
        _site.SetProfile(new SnapProfile("traveller")
        {
            StoryForm = StoryForm.Null,
            Highlights =
            [
                new FakeHighlight(SnapIds.Highlight("traveller", 0), "Lisbon", [Snap("traveller", 0, 0, 10), Snap("traveller", 1, 1, 11)]),
                new FakeHighlight(SnapIds.Highlight("traveller", 1), "Porto ☀️", [Snap("traveller", 2, 0, 5)]),
            ],
            Spotlights = [new FakeSnap(SnapIds.Spotlight("traveller", 0), 1, "https://cf-st.sc-cdn.net/d/Spot00000000000000001.27.IRZXSOY?uc=46", 20)],
        });

        var highlights = await _source.FetchAsync("traveller", StoryKind.Highlights, CancellationToken.None);
        Assert.Equal(FetchOutcome.Ok, highlights.Outcome);
        Assert.Equal(["Lisbon", "Lisbon", "Porto ☀️"], highlights.Items.Select(i => i.Group!.Title));
        Assert.Equal(3, highlights.Items.Select(i => i.Id).Distinct().Count());

        var spotlight = await _source.FetchAsync("traveller", StoryKind.Spotlight, CancellationToken.None);
        Assert.Equal(MediaKind.Video, Assert.Single(spotlight.Items).Kind);

        Assert.Equal(FetchOutcome.NoCurrentStory, (await _source.FetchAsync("traveller", StoryKind.Stories, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Ordinary_account_is_not_public()
    {
        _site.SetProfile(new SnapProfile("just_me") { IsPublic = false });
        Assert.Equal(FetchOutcome.NotPublic, (await _source.FetchAsync("just_me", StoryKind.Stories, CancellationToken.None)).Outcome);
    }

    [Theory]
    [InlineData(SnapPage.NotFound404, FetchOutcome.NotFound)]
    [InlineData(SnapPage.NotFound200, FetchOutcome.NotFound)]
    [InlineData(SnapPage.Blocked403, FetchOutcome.BlockedOrChanged)]
    [InlineData(SnapPage.NoNextData, FetchOutcome.BlockedOrChanged)]
    [InlineData(SnapPage.BrokenJson, FetchOutcome.BlockedOrChanged)]
    [InlineData(SnapPage.ServerError500, FetchOutcome.BlockedOrChanged)]
    public async Task Page_states_map_to_their_verdicts(SnapPage page, FetchOutcome expected)
    {
        _site.SetProfile(new SnapProfile("someone") { Snaps = [Snap("someone", 0, 0, 1)] });
        _site.SetPage("someone", page);

        var result = await _source.FetchAsync("someone", StoryKind.Stories, CancellationToken.None);

        Assert.Equal(expected, result.Outcome);
        Assert.Empty(result.Items);
    }

    [Fact]
    public async Task Unknown_user_is_not_found()
    {
        Assert.Equal(FetchOutcome.NotFound, (await _source.FetchAsync("nobody_here", StoryKind.Stories, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Unreachable_site_is_blocked_not_empty()
    {
        using var http = new HttpClient();
        var source = new SnapchatSource(http, Options.Create(new SnapchatOptions { BaseUrl = new Uri("http://127.0.0.1:9") }), NullLogger<SnapchatSource>.Instance);
        var result = await source.FetchAsync("someone", StoryKind.Stories, CancellationToken.None);
        Assert.Equal(FetchOutcome.BlockedOrChanged, result.Outcome);
        Assert.NotNull(result.Reason);
    }

    [Fact]
    public async Task An_endless_page_is_refused_instead_of_buffered()
    {
        await using var app = FakeHost.Build();
        app.Run(async context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'a');
            try
            {
                for (var i = 0; i < 4096 && !context.RequestAborted.IsCancellationRequested; i++)   // up to 256 MB
                {
                    await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        var address = await FakeHost.StartAsync(app, CancellationToken.None);

        using var http = new HttpClient();
        var source = new SnapchatSource(http, Options.Create(new SnapchatOptions { BaseUrl = new Uri(address) }), NullLogger<SnapchatSource>.Instance);
        var result = await source.FetchAsync("someone", StoryKind.Stories, CancellationToken.None);

        Assert.Equal(FetchOutcome.BlockedOrChanged, result.Outcome);
        Assert.Contains("larger than", result.Reason);
    }

    [Fact]
    public async Task A_spotlight_page_names_its_creator_and_gives_the_one_video()
    {
        var spotlights = Enumerable.Range(0, 3)
            .Select(i => new FakeSnap(SnapIds.Spotlight("reel_maker", i), 1, $"https://cf-st.sc-cdn.net/d/Spot{i:D18}.27.IRZXSOY?mo=x&uc=46", 1_722_720_000 + i))
            .ToList();
        _site.SetProfile(new SnapProfile("reel_maker") { Spotlights = spotlights });

        var result = await _source.FetchSpotlightAsync(spotlights[1].SnapId, CancellationToken.None);

        Assert.Equal(FetchOutcome.Ok, result.Outcome);
        Assert.Equal("reel_maker", result.Account.Username);
        var item = Assert.Single(result.Items);
        Assert.Equal(($"spotlight:{spotlights[1].SnapId}", MediaKind.Video, spotlights[1].MediaUrl), (item.Id, item.Kind, item.MediaUrl?.ToString()));
        Assert.Equal([$"/spotlight/{spotlights[1].SnapId}"], _site.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task A_spotlight_that_is_not_there_is_not_found_and_a_blocked_page_is_blocked()
    {
        Assert.Equal(FetchOutcome.NotFound, (await _source.FetchSpotlightAsync("W7_gone", CancellationToken.None)).Outcome);

        _site.RequireBrowserUserAgent = true;
        var blocked = new SnapchatSource(_http, Options.Create(new SnapchatOptions { BaseUrl = new Uri(_site.BaseUrl), UserAgent = "curl/8.0" }),
            NullLogger<SnapchatSource>.Instance);
        Assert.Equal(FetchOutcome.BlockedOrChanged, (await blocked.FetchSpotlightAsync("W7_gone", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Highlights_as_many_as_the_page_shows_are_marked_as_possibly_more()
    {
        FakeHighlight Highlight(string user, int i) =>
            new(SnapIds.Highlight(user, i), $"H{i}", [new FakeSnap("", 0, $"https://cf-st.sc-cdn.net/d/Hl{user}{i:D10}.1023.IRZXSOY", 1_698_400_000 + i)]);
        _site.SetProfile(new SnapProfile("many_trips") { Highlights = Enumerable.Range(0, 25).Select(i => Highlight("many_trips", i)).ToList() });
        _site.SetProfile(new SnapProfile("few_trips") { Highlights = Enumerable.Range(0, 3).Select(i => Highlight("few_trips", i)).ToList() });

        var many = await _source.FetchAsync("many_trips", StoryKind.Highlights, CancellationToken.None);
        var few = await _source.FetchAsync("few_trips", StoryKind.Highlights, CancellationToken.None);

        Assert.Equal((20, true), (many.Items.Count, many.MoreNotShown));
        Assert.Equal((3, false), (few.Items.Count, few.MoreNotShown));
    }
}
