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
    [InlineData("id:48213377901", "id:48213377901")]
    [InlineData("ID:048213377901", "id:48213377901")]
    [InlineData("https://www.instagram.com/stories/River.Lane/3760012345678901234/?utm_source=ig_story_item_share", "instagram.com/stories/river.lane/3760012345678901234/")]
    [InlineData("https://www.instagram.com/stories/highlights/17912345678901234/", "instagram.com/stories/highlights/17912345678901234/")]
    [InlineData("https://www.instagram.com/s/aGlnaGxpZ2h0OjE3OTEyMzQ1Njc4OTAxMjM0?story_media_id=3760012345678901234_48213377901&igsh=x", "instagram.com/stories/highlights/17912345678901234/")]
    [InlineData("instagram.com/stories/highlights/17912345678901234/", "instagram.com/stories/highlights/17912345678901234/")]   // a key reads back as itself
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
    [InlineData("id:")]
    [InlineData("id:12a")]
    [InlineData("id:123456789012345678901")]                  // 21 digits: beyond a user id
    [InlineData("https://www.instagram.com/stories/highlights/")]
    [InlineData("https://www.instagram.com/stories/highlights/tokyo/")]
    [InlineData("https://www.instagram.com/stories/river.lane/abc/")]
    [InlineData("https://www.instagram.com/stories/river-lane/123/")]
    [InlineData("https://www.instagram.com/s/bm90LWEtaGlnaGxpZ2h0")]   // base64 of "not-a-highlight"
    [InlineData("https://www.instagram.com/s/aGlnaGxpZ2h0OmFiYw")]     // base64 of "highlight:abc"
    [InlineData("https://www.instagram.com/s/!!!")]
    public void Refuses_anything_else(string? input)
    {
        Assert.False(InstagramUsername.TryParse(input, out _));
        Assert.False(InstagramUsername.TryParse(new string('a', 300), out _));
    }

    [Theory]
    [InlineData("river.lane", "river.lane")]
    [InlineData("id:48213377901", "id:48213377901")]
    [InlineData("https://www.instagram.com/stories/river.lane/3760012345678901234/", "river.lane")]   // follows its account
    public void Subscriptions_take_accounts_and_a_story_items_account(string input, string expected)
    {
        Assert.True(InstagramUsername.TryParseAccount(input, out var key));
        Assert.Equal(expected, key);
    }

    [Fact]
    public void A_highlight_is_no_account_to_follow() =>
        Assert.False(InstagramUsername.TryParseAccount("https://www.instagram.com/stories/highlights/17912345678901234/", out _));
}
