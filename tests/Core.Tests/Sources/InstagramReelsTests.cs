using System.Text.Json;
using StoryBot.Core.Sources.Instagram;

namespace StoryBot.Core.Tests.Sources;

public class InstagramReelsTests
{
    private const string Item1 = """
        {"pk":"3760012345678901234","id":"3760012345678901234_48213377901","taken_at":1762300800,"media_type":1,
         "image_versions2":{"candidates":[
           {"width":640,"height":1138,"url":"https://scontent.cdninstagram.com/small.jpg?oh=1&oe=2"},
           {"width":1080,"height":1920,"url":"https://scontent.cdninstagram.com/big.jpg?oh=1&oe=2"},
           {"width":320,"height":569,"url":"https://scontent.cdninstagram.com/tiny.jpg?oh=1&oe=2"}]}}
        """;

    // pk as a bare number above 2^53: a double would turn ...5678 into ...5856.
    private const string Item2 = """
        {"pk":3760012345678905678,"taken_at":1762304400,"media_type":2,
         "video_versions":[
           {"type":102,"width":480,"height":854,"url":"https://instagram.fna.fbcdn.net/480.mp4"},
           {"type":101,"width":720,"height":1280,"url":"https://instagram.fna.fbcdn.net/720.mp4"}],
         "image_versions2":{"candidates":[{"width":720,"height":1280,"url":"https://scontent.cdninstagram.com/poster.jpg"}]}}
        """;

    [Theory]
    [InlineData("both")]
    [InlineData("map")]
    [InlineData("array")]
    public void Reads_either_shape_and_keeps_every_digit_of_pk(string shape)
    {
        var reel = $$"""{"id":"48213377901","reel_type":"user_reel","items":[{{Item1}},{{Item2}}]}""";
        var json = shape switch
        {
            "map" => $$"""{"reels":{"48213377901":{{reel}}},"status":"ok"}""",
            "array" => $$"""{"reels_media":[{{reel}}],"status":"ok"}""",
            _ => $$"""{"reels":{"48213377901":{{reel}}},"reels_media":[{{reel}}],"status":"ok"}""",
        };
        using var document = JsonDocument.Parse(json);

        var reels = InstagramReels.Parse(document.RootElement);

        var items = Assert.Single(reels).Value.Items;
        Assert.Equal(["3760012345678901234", "3760012345678905678"], items.Select(i => i.Pk));
        Assert.False(items[0].IsVideo);
        Assert.Equal("https://scontent.cdninstagram.com/big.jpg?oh=1&oe=2", items[0].MediaUrl);   // most pixels, whatever the order
        Assert.True(items[1].IsVideo);
        Assert.Equal("https://instagram.fna.fbcdn.net/720.mp4", items[1].MediaUrl);                // the video, not its poster
    }

    [Fact]
    public void Anonymous_empty_answer_has_no_reels()
    {
        using var document = JsonDocument.Parse("""{"reels":{},"status":"ok"}""");
        Assert.Empty(InstagramReels.Parse(document.RootElement));
    }

    [Fact]
    public void Highlight_reels_carry_their_title_and_bad_items_are_skipped()
    {
        using var document = JsonDocument.Parse($$$"""
            {"reels":{"highlight:17912345678901234":{"id":"highlight:17912345678901234","reel_type":"highlight_reel","title":"Tokyo",
              "items":[{{{Item1}}}, {"pk":null}, {"pk":"12ab"}, 5]}},"status":"ok"}
            """);
        var reel = InstagramReels.Parse(document.RootElement)["highlight:17912345678901234"];
        Assert.Equal("Tokyo", reel.Title);
        Assert.Single(reel.Items);
    }

    [Fact]
    public void Reads_the_graphql_wrapper_the_same_way_with_its_owner_and_expiry()
    {
        var reel = $$"""{"id":"48213377901","reel_type":"user_reel","user":{"pk":"48213377901","username":"River.Lane","full_name":"River Lane","is_private":false},"items":[{{Item1.Replace("\"media_type\":1", "\"expiring_at\":1762387200,\"media_type\":1")}}]}""";
        using var document = JsonDocument.Parse($$$"""{"data":{"xdt_api__v1__feed__reels_media__connection":{"edges":[{"node":{{{reel}}},"cursor":"c"}]}},"status":"ok"}""");

        Assert.True(InstagramReels.HasReels(document.RootElement));
        var parsed = Assert.Single(InstagramReels.Parse(document.RootElement)).Value;
        Assert.Equal("3760012345678901234", Assert.Single(parsed.Items).Pk);
        Assert.Equal(1762387200, parsed.Items[0].ExpiringAt);
        Assert.Equal(new InstagramReels.ReelOwner("48213377901", "river.lane", "River Lane", false), parsed.Owner);
    }

    [Theory]
    [InlineData("""{"reels":{},"status":"ok"}""", true)]          // logged in, no story
    [InlineData("""{"reels_media":[],"status":"ok"}""", true)]
    [InlineData("""{"status":"ok"}""", false)]                     // the short answer of a session no longer logged in
    [InlineData("""{"data":{},"status":"ok"}""", false)]
    public void Tells_an_empty_answer_from_one_without_reels(string json, bool hasReels)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Equal(hasReels, InstagramReels.HasReels(document.RootElement));
    }
}
