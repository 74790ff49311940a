using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StoryBot.Core.Sources.Snapchat;
using StoryBot.Tests.Fakes.Snapchat;

namespace StoryBot.Core.Tests.Sources;

/// <summary>Short-link resolution over real HTTP against the fake site and the fake t.snapchat.com.</summary>
public sealed class SnapchatShortLinksTests : IAsyncLifetime
{
    private FakeSnapchatSite _site = null!;
    private FakeSnapchatShortLinks _shortHost = null!;
    private HttpClient _http = null!;
    private SnapchatShortLinks _links = null!;

    public async Task InitializeAsync()
    {
        _site = await FakeSnapchatSite.StartAsync();
        _shortHost = await FakeSnapchatShortLinks.StartAsync();
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        _links = new SnapchatShortLinks(_http, Options.Create(new SnapchatOptions
        {
            BaseUrl = new Uri(_site.BaseUrl),
            ShortLinkBaseUrl = new Uri(_shortHost.BaseUrl),
        }), NullLogger<SnapchatShortLinks>.Instance);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _shortHost.DisposeAsync();
        await _site.DisposeAsync();
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task Every_redirect_status_gives_the_profile_of_its_path(int status)
    {
        _shortHost.Add("Ab3", "https://www.snapchat.com/add/Coastal_Ivy/Qm9ZxT3pLrA8vWc2NdE7hK?share_id=1&sid=2", status);

        var resolved = await _links.ResolveAsync(new SnapchatLink(SnapchatLinkKind.ShortLink, "Ab3"), CancellationToken.None);

        Assert.Equal(new SnapchatLink(SnapchatLinkKind.Profile, "coastal_ivy"), resolved);
        Assert.Equal(["/Ab3"], _shortHost.Requests.Select(r => r.PathAndQuery));
        Assert.Empty(_site.Requests);                                          // the Location is never requested
    }

    [Fact]
    public async Task A_site_short_link_is_asked_at_the_site_and_may_lead_to_a_spotlight()
    {
        _site.AddShortLink("Sp0t", "https://www.snapchat.com/spotlight/W7_EDlXWTBiXAEEniNoMPwAAYdW9iYnhj?share_id=1");

        var resolved = await _links.ResolveAsync(new SnapchatLink(SnapchatLinkKind.SiteShortLink, "Sp0t"), CancellationToken.None);

        Assert.Equal(new SnapchatLink(SnapchatLinkKind.Spotlight, "W7_EDlXWTBiXAEEniNoMPwAAYdW9iYnhj"), resolved);
        Assert.Equal(["/t/Sp0t"], _site.Requests.Select(r => r.PathAndQuery));
        Assert.Empty(_shortHost.Requests);
    }

    [Theory]
    [InlineData("https://evil.example/add/coastal_ivy/")]
    [InlineData("https://notsnapchat.com/add/coastal_ivy/")]
    [InlineData("ftp://www.snapchat.com/add/coastal_ivy/")]
    [InlineData("https://www.snapchat.com/download")]
    [InlineData("https://www.snapchat.com/t/Other")]
    public async Task A_redirect_anywhere_else_resolves_to_nothing(string location)
    {
        _shortHost.Add("Bad", location);
        Assert.Null(await _links.ResolveAsync(new SnapchatLink(SnapchatLinkKind.ShortLink, "Bad"), CancellationToken.None));
        Assert.Single(_shortHost.Requests);
    }

    [Fact]
    public async Task An_unknown_code_resolves_to_nothing()
    {
        Assert.Null(await _links.ResolveAsync(new SnapchatLink(SnapchatLinkKind.ShortLink, "Nope"), CancellationToken.None));
        Assert.Equal(404, Assert.Single(_shortHost.Requests).StatusCode);
    }
}
