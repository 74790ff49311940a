using StoryBot.Core.Sources.Snapchat;

namespace StoryBot.Core.Tests.Sources;

/// <summary>What a pasted link is taken for, before any request (docs/snapchat-web.md §1, §11).</summary>
public class SnapchatLinkTests
{
    [Theory]
    [InlineData("coastal_ivy", SnapchatLinkKind.Profile, "coastal_ivy")]
    [InlineData("https://www.snapchat.com/add/Coastal_Ivy/?share_id=x", SnapchatLinkKind.Profile, "coastal_ivy")]
    [InlineData("https://t.snapchat.com/Ab3dEf9", SnapchatLinkKind.ShortLink, "Ab3dEf9")]
    [InlineData("t.snapchat.com/Ab3dEf9?sid=1", SnapchatLinkKind.ShortLink, "Ab3dEf9")]
    [InlineData("https://www.snapchat.com/t/Q7x_-2", SnapchatLinkKind.SiteShortLink, "Q7x_-2")]
    [InlineData("snapchat.com/t/Q7x_-2/", SnapchatLinkKind.SiteShortLink, "Q7x_-2")]
    [InlineData("https://www.snapchat.com/spotlight/W7_EDlXWTBiXAEEniNoMPwAAYdW9iYnhj", SnapchatLinkKind.Spotlight, "W7_EDlXWTBiXAEEniNoMPwAAYdW9iYnhj")]
    [InlineData("https://www.snapchat.com/@coastal_ivy/spotlight/W7_EDlXWTBiXAEEniNoMPwAAYdW9iYnhj", SnapchatLinkKind.Spotlight, "W7_EDlXWTBiXAEEniNoMPwAAYdW9iYnhj")]
    [InlineData("https://www.snapchat.com/add/coastal_ivy/spotlight/W7_EDlXWTBiXAEEniNoMPwAAYdW9iYnhj", SnapchatLinkKind.Spotlight, "W7_EDlXWTBiXAEEniNoMPwAAYdW9iYnhj")]
    public void Accepted_forms(string input, SnapchatLinkKind kind, string value)
    {
        Assert.True(SnapchatLink.TryParse(input, out var link));
        Assert.Equal(new SnapchatLink(kind, value), link);
    }

    [Theory]
    [InlineData("https://t.snapchat.com/Ab.Cd")]                              // outside [A-Za-z0-9_-]
    [InlineData("https://t.snapchat.com/AbC%21dEf")]
    [InlineData("https://t.snapchat.com/")]                                   // no code
    [InlineData("https://t.snapchat.com/a/b")]
    [InlineData("https://www.snapchat.com/t/")]
    [InlineData("https://evil.example/t/Ab3dEf9")]                            // not Snapchat
    [InlineData("https://t.snapchat.com.evil.example/Ab3dEf9")]
    [InlineData("https://t.snapchat.com:8443/Ab3dEf9")]                       // not the default port
    [InlineData("https://www.snapchat.com/spotlight/")]
    [InlineData("https://www.snapchat.com/spotlight/W7_EDl%2F..%2Fadd")]
    public void Refused_forms(string input) => Assert.False(SnapchatLink.TryParse(input, out _));

    [Fact]
    public void A_code_of_sixty_four_is_the_longest_accepted()
    {
        Assert.True(SnapchatLink.TryParse("t.snapchat.com/" + new string('a', 64), out _));
        Assert.False(SnapchatLink.TryParse("t.snapchat.com/" + new string('a', 65), out _));
    }
}
