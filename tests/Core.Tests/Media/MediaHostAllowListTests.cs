using Microsoft.Extensions.Options;
using StoryBot.Core.Media;

namespace StoryBot.Core.Tests.Media;

public class MediaHostAllowListTests
{
    private static MediaHostAllowList Defaults() => new(Options.Create(new MediaOptions()));

    [Theory]
    [InlineData("https://cf-st.sc-cdn.net/d/Hq7WcE2rTy9UoPa1SdFg4.1023.IRZXSOY?mo=x&uc=75")]
    [InlineData("https://bolt-gcdn.sc-cdn.net/3/Jk5NbV8cXz2LaQw4ErTy6.1034.IRZXSOY")]
    [InlineData("https://sc-cdn.net/x")]
    [InlineData("http://SCONTENT-FRA5-1.CDNINSTAGRAM.COM/v/t51/x.jpg")]
    [InlineData("https://video.xx.fbcdn.net/v/x.mp4")]
    [InlineData("https://cf-st.sc-cdn.net./d/x")]            // trailing dot is the same host
    public void Default_list_allows_the_sites_cdns(string url) => Assert.True(Defaults().IsAllowed(new Uri(url)));

    [Theory]
    [InlineData("https://evil-sc-cdn.net/d/x")]
    [InlineData("https://sc-cdn.net.evil.example/d/x")]
    [InlineData("https://127.0.0.1/d/x")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://cf-st.sc-cdn.net/d/x")]
    [InlineData("https://user:pw@cf-st.sc-cdn.net/d/x")]
    [InlineData("https://sample-videos.com/video321/mp4/240/big_buck_bunny_240p_1mb.mp4")]
    public void Anything_else_is_refused(string url) => Assert.False(Defaults().IsAllowed(new Uri(url)));

    [Fact]
    public void Configured_list_replaces_the_defaults()
    {
        var list = new MediaHostAllowList(Options.Create(new MediaOptions { AllowedHosts = ["127.0.0.1"] }));
        Assert.True(list.IsAllowed(new Uri("http://127.0.0.1:5000/d/x")));
        Assert.False(list.IsAllowed(new Uri("https://cf-st.sc-cdn.net/d/x")));
        Assert.False(list.IsAllowed(new Uri("http://localhost:5000/d/x")));
    }
}
