using StoryBot.Core.Sources;
using StoryBot.Core.Sources.Snapchat;

namespace StoryBot.Core.Tests.Sources;

/// <summary>The parser against real pages (the 2021 fixtures in tests/Core.Tests/Fixtures, docs/snapchat-web.md §10) and every form in docs/snapchat-web.md §4 and §6.</summary>
public class SnapchatPageParserTests
{
    private static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "snapchat-2021", name));

    [Fact]
    public void Real_public_page_with_story_has_four_snaps_and_one_highlight()
    {
        var page = SnapchatPageParser.Parse(Fixture("public-with-story.html"));

        Assert.NotNull(page.Profile);
        Assert.True(page.Profile.IsPublic);
        Assert.NotNull(page.Story);
        Assert.Equal(4, page.Story.Count);
        Assert.Contains(page.Story, snap => snap.MediaType == 1);
        Assert.Contains(page.Story, snap => snap.MediaType == 0);
        Assert.All(page.Story, snap => Assert.NotEmpty(snap.SnapId));
        Assert.All(page.Story, snap => Assert.NotNull(snap.TimestampSeconds));
        Assert.Single(page.Highlights);
        Assert.Empty(page.Spotlights);

        var items = SnapchatItems.From(page, StoryKind.Stories);
        Assert.Equal(4, items.Count);
        Assert.Equal(items.Count, items.Select(item => item.Id).Distinct().Count());
        Assert.Equal(items.OrderBy(i => i.TakenAt).ThenBy(i => i.Index).Select(i => i.Id), items.Select(i => i.Id));
        Assert.Equal(page.Story.Count(s => s.MediaType == 1), items.Count(i => i.Kind == MediaKind.Video));
    }

    [Fact]
    public void Real_highlight_snaps_without_snap_ids_get_distinct_stable_ids()
    {
        var html = Fixture("public-with-story.html");
        var first = SnapchatItems.From(SnapchatPageParser.Parse(html), StoryKind.Highlights);
        var second = SnapchatItems.From(SnapchatPageParser.Parse(html), StoryKind.Highlights);

        Assert.NotEmpty(first);
        Assert.Equal(first.Count, first.Select(item => item.Id).Distinct().Count());
        Assert.Equal(first.Select(item => item.Id), second.Select(item => item.Id));
        Assert.All(first, item => Assert.DoesNotContain("?", item.Id));   // never a signed URL
        Assert.All(first, item => Assert.NotNull(item.Group));
    }

    [Fact]
    public void Real_page_without_story_key_is_no_current_story_but_keeps_highlights()
    {
        var page = SnapchatPageParser.Parse(Fixture("public-no-story.html"));

        Assert.NotNull(page.Profile);
        Assert.True(page.Profile.IsPublic);
        Assert.Null(page.Story);
        Assert.Single(page.Highlights);
    }

    [Fact]
    public void Real_page_with_misspelled_script_id_is_a_changed_page_not_an_empty_story()
    {
        var ex = Assert.Throws<SnapchatPageException>(() => SnapchatPageParser.Parse(Fixture("api-error.html")));
        Assert.Contains("__NEXT_DATA__", ex.Message);
    }

    private static string Page(string pageProps, string attributes = """id="__NEXT_DATA__" type="application/json" """) =>
        """<!DOCTYPE html><html><head><script>self.__NEXT_DATA__ = 1</script></head><body><div id="__next"></div><script """ +
        attributes + """>{"props":{"pageProps":""" + pageProps + """},"page":"/add/[...profileParams]","buildId":"x"}</script></body></html>""";

    private const string PublicProfile = """
        "userProfile":{"$case":"publicProfileInfo","publicProfileInfo":{"username":"coastal_ivy","title":"Ivy \ud83c\udf0a \u0026 co","subscriberCount":"48200"}}
        """;

    private static string Snap(int index, string id, int type, string? url, string timestamp)
    {
        var urls = url is null ? "{}" : "{\"mediaUrl\":\"" + url + "\"}";
        return $$$"""{"snapIndex":{{{index}}},"snapId":{"value":"{{{id}}}"},"snapMediaType":{{{type}}},"snapUrls":{{{urls}}},"timestampInSec":{"value":{{{timestamp}}}}}""";
    }

    [Theory]
    [InlineData("")]                                        // story absent
    [InlineData(""","story":null""")]
    [InlineData(""","story":{"storyType":5,"snapList":[]}""")]
    [InlineData(""","story":{"storyType":5}""")]
    public void Three_forms_of_no_current_story(string story)
    {
        var page = SnapchatPageParser.Parse(Page("{" + PublicProfile + story + "}"));
        Assert.True(page.Profile!.IsPublic);
        Assert.Null(page.Story);
        Assert.Empty(SnapchatItems.From(page, StoryKind.Stories));
    }

    [Fact]
    public void User_info_case_is_not_public_and_other_members_are_not_read_blindly()
    {
        var page = SnapchatPageParser.Parse(Page("""{"userProfile":{"$case":"userInfo","userInfo":{"username":"plain","displayName":"Plain"}},"story":null}"""));
        Assert.False(page.Profile!.IsPublic);
        Assert.Equal("Plain", page.Profile.DisplayName);

        var unknown = SnapchatPageParser.Parse(Page("""{"userProfile":{"$case":"somethingNew","somethingNew":{"username":"x"}}}"""));
        Assert.False(unknown.Profile!.IsPublic);
    }

    [Theory]
    [InlineData("""{"pageMetadata":{"pageType":"NOT_FOUND"}}""")]
    [InlineData("""{"pageMetadata":{"pageType":9}}""")]
    [InlineData("""{}""")]
    public void No_user_profile_means_not_found(string pageProps)
    {
        Assert.Null(SnapchatPageParser.Parse(Page(pageProps)).Profile);
    }

    [Theory]
    [InlineData("<html><body>403 Forbidden</body></html>")]
    [InlineData("""<html><body><script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{"userPro</script></body></html>""")]
    [InlineData("""<html><body><script id="__NEXT_DATA__" type="application/json">{"page":"/"}</script></body></html>""")]
    [InlineData("""<html><body><script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":null}}</script></body></html>""")]
    [InlineData("""<html><body><script id="__NEXT_DATA__" type="application/json">[1,2]</script></body></html>""")]
    [InlineData("""<html><body><script id="__NEXT_DATA__" type="application/json">""")]
    [InlineData("")]
    public void Unreadable_pages_are_changed_pages(string html)
    {
        Assert.Throws<SnapchatPageException>(() => SnapchatPageParser.Parse(html));
    }

    [Theory]
    [InlineData("""type="application/json" id="__NEXT_DATA__" """)]
    [InlineData("""id='__NEXT_DATA__' type='application/json'""")]
    [InlineData("""id=__NEXT_DATA__ type=application/json""")]
    [InlineData("""ID="__NEXT_DATA__" """)]
    public void Script_tag_is_found_whatever_the_attribute_order_and_quoting(string attributes)
    {
        var html = Page("{" + PublicProfile + "}", attributes.Replace("ID=", "id="));
        Assert.Equal("coastal_ivy", SnapchatPageParser.Parse(html).Profile!.Username);
    }

    [Fact]
    public void Escaped_json_decodes_and_snaps_sort_by_timestamp_then_index()
    {
        var snaps = string.Join(',',
            Snap(0, "A0", 0, "https://cf-st.sc-cdn.net/d/Aaaaaaaaaaaaaaaaaaaa1.1023.IRZXSOY?mo=x\\u0026uc=75", "\"1762304400\""),
            Snap(1, "B1", 1, "https://bolt-gcdn.sc-cdn.net/3/Bbbbbbbbbbbbbbbbbbbb2.1034.IRZXSOY?uc=75", "\"1762300800\""),
            Snap(2, "C2", 1, "https://bolt-gcdn.sc-cdn.net/3/Ccccccccccccccccccccc.1034.IRZXSOY?uc=75", "1762304400"),  // number, not string
            Snap(3, "D3", 0, null, "\"1762309999\""));                                                                   // no media URL
        var page = SnapchatPageParser.Parse(Page("{" + PublicProfile + ""","story":{"snapList":[""" + snaps + "]}}"));

        Assert.Equal("Ivy 🌊 & co", page.Profile!.DisplayName);
        var items = SnapchatItems.From(page, StoryKind.Stories);
        Assert.Equal(["B1", "A0", "C2", "D3"], items.Select(item => item.Id));
        Assert.Equal("https://cf-st.sc-cdn.net/d/Aaaaaaaaaaaaaaaaaaaa1.1023.IRZXSOY?mo=x&uc=75", items[1].MediaUrl!.ToString());
        Assert.Equal([MediaKind.Video, MediaKind.Photo, MediaKind.Video, MediaKind.Photo], items.Select(item => item.Kind));
        Assert.Null(items[3].MediaUrl);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1762300800), items[0].TakenAt);
    }

    [Fact]
    public void Curated_highlights_use_highlight_id_plus_cdn_id_and_spotlights_their_own_id()
    {
        const string pageProps = """
            {"userProfile":{"$case":"publicProfileInfo","publicProfileInfo":{"username":"coastal_ivy"}},"story":null,
             "curatedHighlights":[
               {"storyType":3,"highlightId":{"value":"5b1f3c2e-9a47-4d0b-8e6f-2c9d1a7b3e50"},"storyId":{"value":""},"storyTitle":{"value":"Lisbon"},
                "snapList":[{"snapIndex":0,"snapId":{"value":""},"snapMediaType":0,"snapUrls":{"mediaUrl":"https://cf-st.sc-cdn.net/d/Np8RsT2uVw6XyZa0BcDe1.1023.IRZXSOY?mo=A&uc=12"},"timestampInSec":{"value":"1698400000"}},
                            {"snapIndex":1,"snapId":{"value":""},"snapMediaType":0,"snapUrls":{"mediaUrl":"https://cf-st.sc-cdn.net/d/Zz8RsT2uVw6XyZa0BcDe9.1023.IRZXSOY?mo=B&uc=12"},"timestampInSec":{"value":"1698400000"}}]}],
             "spotlightHighlights":[
               {"storyType":7,"storyId":{"value":"W7_EDlXWTBiXAEEniNoMPwAAY"},"storyTitle":{"value":"Spotlight Snap"},
                "snapList":[{"snapIndex":0,"snapId":{"value":"W7_EDlXWTBiXAEEniNoMPwAAY"},"snapMediaType":1,"snapUrls":{"mediaUrl":"https://cf-st.sc-cdn.net/d/Qr4StU6vWx8YzAb2CdEf3.27.IRZXSOY?mo=C&uc=46"},"timestampInSec":{"value":"1722720000"}}]}]}
            """;
        var page = SnapchatPageParser.Parse(Page(pageProps));

        Assert.Null(page.Story);
        var highlights = SnapchatItems.From(page, StoryKind.Highlights);
        Assert.Equal(
            ["highlight:5b1f3c2e-9a47-4d0b-8e6f-2c9d1a7b3e50:Np8RsT2uVw6XyZa0BcDe1", "highlight:5b1f3c2e-9a47-4d0b-8e6f-2c9d1a7b3e50:Zz8RsT2uVw6XyZa0BcDe9"],
            highlights.Select(item => item.Id));
        Assert.All(highlights, item => Assert.Equal("Lisbon", item.Group!.Title));

        var spotlight = Assert.Single(SnapchatItems.From(page, StoryKind.Spotlight));
        Assert.Equal("spotlight:W7_EDlXWTBiXAEEniNoMPwAAY", spotlight.Id);
        Assert.Equal(MediaKind.Video, spotlight.Kind);
    }

    [Fact]
    public void Fields_of_the_wrong_type_are_skipped_not_fatal()
    {
        const string pageProps = """
            {"userProfile":{"$case":"publicProfileInfo","publicProfileInfo":{"username":"x"}},
             "story":{"snapList":[7,"text",{"snapIndex":"2","snapId":{"value":"S"},"snapMediaType":"1","snapUrls":{"mediaUrl":42},"timestampInSec":{"value":"not a number"}},
                                  {"snapIndex":3,"snapId":{"value":"T"},"snapMediaType":0,"snapUrls":null,"timestampInSec":{"value":"99999999999999999"}}]},
             "curatedHighlights":{"not":"an array"},"spotlightHighlights":null}
            """;
        var page = SnapchatPageParser.Parse(Page(pageProps));
        var items = SnapchatItems.From(page, StoryKind.Stories);

        Assert.Equal(2, items.Count);
        Assert.All(items, item => Assert.Null(item.MediaUrl));
        Assert.Equal(MediaKind.Video, items.Single(item => item.Id == "S").Kind);
        Assert.Empty(page.Highlights);
        Assert.Empty(page.Spotlights);
    }

    [Theory]
    [InlineData("""{"publicProfileInfo":{"username":"open_one","title":"Open"}}""", true, "Open")]
    [InlineData("""{"userInfo":{"username":"closed_one","displayName":"Closed"}}""", false, "Closed")]
    public void A_profile_without_its_case_tag_is_read_by_the_member_present(string userProfile, bool isPublic, string displayName)
    {
        var page = SnapchatPageParser.Parse(
            """<script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{"userProfile":""" + userProfile + "}}}</script>");

        Assert.NotNull(page.Profile);
        Assert.Equal((isPublic, displayName), (page.Profile.IsPublic, page.Profile.DisplayName));
    }

    [Fact]
    public void A_spotlight_page_gives_the_asked_spotlight_and_its_creator_not_the_next_one()
    {
        const string json = """
            {"props":{"pageProps":{"spotlightFeed":{"spotlightStories":[
              {"story":{"storyId":{"value":"W7_next"},"snapList":[{"snapIndex":0,"snapId":{"value":"W7_next"},"snapMediaType":1,
                "snapUrls":{"mediaUrl":"https://cf-st.sc-cdn.net/d/Next.27.IRZXSOY?uc=46"}}]},
               "metadata":{"videoMetadata":{"creator":{"personCreator":{"username":"someone_else"}}}}},
              {"story":{"storyId":{"value":"W7_asked"},"snapList":[{"snapIndex":0,"snapId":{"value":"W7_asked"},"snapMediaType":1,
                "snapUrls":{"mediaUrl":"https://cf-st.sc-cdn.net/d/Asked.27.IRZXSOY?uc=46"}}]},
               "metadata":{"videoMetadata":{"name":"Views <3","uploadDateMs":"1722720000000",
                 "creator":{"personCreator":{"username":"Reel_Maker","url":"https://www.snapchat.com/add/reel_maker"}}}}}]}}}}
            """;
        var html = $"""<html><body><script id="__NEXT_DATA__" type="application/json">{json}</script></body></html>""";

        var spotlight = SnapchatPageParser.ParseSpotlight(html, "W7_asked");

        Assert.NotNull(spotlight);
        Assert.Equal(("Reel_Maker", "Views <3"), (spotlight.Creator, spotlight.Title));
        var item = Assert.Single(SnapchatItems.From(spotlight));
        Assert.Equal(("spotlight:W7_asked", MediaKind.Video), (item.Id, item.Kind));
        Assert.Equal("https://cf-st.sc-cdn.net/d/Asked.27.IRZXSOY?uc=46", item.MediaUrl!.ToString());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_722_720_000), item.TakenAt);
        Assert.Null(SnapchatPageParser.ParseSpotlight(html, "W7_missing"));
    }

    [Fact]
    public void Twenty_highlights_fill_the_page_and_nineteen_do_not()
    {
        static SnapchatPage With(int count) => new(null, null,
            Enumerable.Range(0, count).Select(i => new SnapchatHighlight($"h{i}", null, null, [])).ToList(), []);

        Assert.True(SnapchatItems.PageFull(With(20), StoryKind.Highlights));
        Assert.False(SnapchatItems.PageFull(With(19), StoryKind.Highlights));
        Assert.False(SnapchatItems.PageFull(With(20), StoryKind.Spotlight));
    }
}
