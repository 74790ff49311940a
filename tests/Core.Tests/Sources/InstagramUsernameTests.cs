using StoryBot.Core.Sources.Instagram;

namespace StoryBot.Core.Tests.Sources;

public class InstagramUsernameTests
{
    [Theory]
    [InlineData("river.lane", "river.lane")]
    [InlineData("@River_Lane", "river_lane")]
    [InlineData("a", "a")]
    [InlineData("abcdefghijklmnopqrstuvwxyz1234", "abcdefghijklmnopqrstuvwxyz1234")]
    [InlineData("https://www.instagram.com/river.lane/", "river.lane")]
    [InlineData("https://www.instagram.com/river.lane?igsh=MWd2&utm_source=qr", "river.lane")]
    [InlineData("instagram.com/river.lane", "river.lane")]
    [InlineData("https://instagram.com/stories/river.lane/", "river.lane")]
    [InlineData("httpsjoe", "httpsjoe")]                                 // a username, not a link
    [InlineData("http_dev", "http_dev")]
    public void Accepts_usernames_and_profile_links(string input, string expected)
    {
        Assert.True(InstagramUsername.TryParse(input, out var username));
        Assert.Equal(expected, username);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abcdefghijklmnopqrstuvwxyz12345")]            // 31 characters
    [InlineData("river-lane")]                                 // no dashes on Instagram
    [InlineData("river lane")]
    [InlineData("rivér")]
    [InlineData("../../etc")]
    [InlineData("...")]
    [InlineData("https://www.instagram.com/p/Cx1abc/")]         // a post, not a profile
    [InlineData("https://www.instagram.com/reel/Cx1abc/")]
    [InlineData("https://www.instagram.com/")]
    [InlineData("https://evil.example/river.lane")]
    [InlineData("https://www.instagram.com.evil.example/river.lane")]
    [InlineData("https://www.instagram.com/river.lane/extra")]
    public void Refuses_anything_else(string? input)
    {
        Assert.False(InstagramUsername.TryParse(input, out _));
        Assert.False(InstagramUsername.TryParse(new string('a', 300), out _));
    }
}
