using System.Globalization;
using System.Text;

namespace StoryBot.Tests.Fakes.Snapchat;

/// <summary>Renders pages the way www.snapchat.com (Next.js pages router) does in 2025. See docs/snapchat-web.md §3, §4, §8.</summary>
internal static class SnapPageRenderer
{
    public const string BuildId = "x7Qm2Kb9sZr4NwLp1Hc8T";
    public const string Blocked403Html =
        "<!doctype html><meta charset=\"utf-8\"><meta name=viewport content=\"width=device-width, initial-scale=1\"><title>403</title>403 Forbidden";

    private const string Host = "https://www.snapchat.com";
    private const string NextDataOpen = "<script id=\"__NEXT_DATA__\" type=\"application/json\">";

    private static readonly string[] Chunks =
    [
        "webpack-2f1c7d3a9b84e6f0", "framework-0c8a4e1b9d3f7a26", "main-8e3b1f6c2d9a4e71", "pages/_app-5d2f8b7c1e9a3c40",
        "7121-4b9e2c1d8a6f3e57", "3485-a1c9e7d2b4f60838", "9942-6e0d1b3c5a7f9e21", "1664-c8f2a9d4e1b7c305",
        "5187-0b3d6f9a2c8e4d16", "8321-e5a7c1f3b9d2064a", "pages/add/%5B...profileParams%5D-3f8c2a1e7b9d4c65",
    ];

    /// <summary>Highlights, and spotlights, a profile page renders at most.</summary>
    public const int PageShowsAtMost = 20;

    private static readonly string[] Locales =
    [
        "ar_AA", "da_DK", "de_DE", "en_GB", "en_US", "es_ES", "es_MX", "fi_FI", "fr_FR", "it_IT", "ja_JP", "nb_NO", "nl_NL",
        "pt_BR", "sv_SE", "tr_TR", "ko_KR", "pl_PL", "zh_TW",
    ];

    // ---------------------------------------------------------------- public entry points

    public static string RenderProfile(SnapProfile p, IReadOnlyList<KeyValuePair<string, string>> query, bool withNextData, bool truncateJson)
    {
        var display = p.Title;
        var u = p.Username;
        var head = Head(
            title: $"{display} (@{u}) on Snapchat",
            description: $"{display} is on Snapchat!",
            u: u,
            ogImage: ProfilePictureUrl(u),
            ldJson: LdJson(p));
        var body = ProfileBody(p);
        var json = NextJson.HtmlEscape(BuildProfileJson(p, query));
        if (truncateJson) json = json[..(json.Length / 2)];
        return Assemble(head, body, withNextData ? json : null);
    }

    /// <summary>
    /// <c>/spotlight/{id}</c>: no profile, a <c>spotlightFeed</c> whose first entry is the asked spotlight, named with
    /// its creator, followed by "up next" entries (docs/snapchat-web.md §4.6, §11).
    /// </summary>
    public static string RenderSpotlight(SnapProfile creator, FakeSnap spotlight, IReadOnlyList<FakeSnap> upNext)
    {
        var u = creator.Username;
        var head = Head(
            title: $"Spotlight by {creator.Title} (@{u}) on Snapchat",
            description: $"Watch this Spotlight Snap by {creator.Title}",
            u: u,
            ogImage: spotlight.PreviewUrl ?? CoverUrl(spotlight.SnapId),
            ldJson: null);
        var pageProps = new JObj
        {
            { "viewerInfo", ViewerInfo() },
            { "localization", Localization() },
            { "pageLinks", new JObj { { "canonicalUrl", $"{Host}/spotlight/{spotlight.SnapId}" } } },
            { "pageMetadata", new JObj { { "pageType", 16 }, { "pageTitle", $"Spotlight by {creator.Title}" } } },
            {
                "spotlightFeed", new JObj
                {
                    { "spotlightStories", new[] { spotlight }.Concat(upNext).Select(s => (object?)SpotlightFeedEntry(creator, s)).ToList() },
                    { "hasMore", upNext.Count > 0 },
                }
            },
        };
        var json = NextJson.HtmlEscape(NextJson.Stringify(TopLevel(pageProps, [], page: "/spotlight/[id]")));
        return Assemble(head, ProfileBody(creator), json);
    }

    public static string RenderNotFound(string username, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var head = Head("Snapchat", "Snapchat is a fast and fun way to share the moment with your friends and family", username, $"{Host}/web/snapchat-og.png", ldJson: null);
        var body = new StringBuilder();
        body.Append("<div id=\"__next\"><div class=\"css-1u8qly9\">").Append(Header())
            .Append("<main class=\"css-ys6ka4\"><div class=\"NotFound_container__q3Vx1\"><svg width=\"96\" height=\"96\" viewBox=\"0 0 96 96\"><path d=\"M48 8c22 0 40 18 40 40S70 88 48 88 8 70 8 48 26 8 48 8z\" fill=\"#fffc00\"/></svg>")
            .Append("<h2 class=\"NotFound_title__Wz7cE\">Sorry,</h2><p class=\"NotFound_subtitle__b5XyT\">This content was not found</p>")
            .Append("<a class=\"css-1d3w5wq\" href=\"https://www.snapchat.com/download?source=web&amp;purpose=not_found\">Download Snapchat</a></div></main>")
            .Append(Footer()).Append("</div></div>");
        var pageProps = new JObj
        {
            { "viewerInfo", ViewerInfo() },
            { "localization", Localization() },
            { "pageLinks", new JObj { { "canonicalUrl", $"{Host}/add/{username}" }, { "snapchatCanonicalUrl", $"{Host}/add/{username}" } } },
            { "pageMetadata", new JObj { { "pageType", "NOT_FOUND" }, { "pageTitle", "Snapchat" }, { "pageDescription", new JObj { { "value", "This content was not found" } } } } },
            { "linkPreview", new JObj { { "title", "Snapchat" }, { "description", "" } } },
        };
        var json = NextJson.HtmlEscape(NextJson.Stringify(TopLevel(pageProps, query)));
        return Assemble(head, body.ToString(), json);
    }

    public static string RenderServerError()
    {
        var next = new JObj
        {
            { "props", new JObj { { "pageProps", new JObj { { "statusCode", 500 } } } } },
            { "page", "/_error" },
            { "query", new JObj() },
            { "buildId", BuildId },
            { "isFallback", false },
            { "err", new JObj { { "name", "Internal Server Error." }, { "message", "500 - Internal Server Error." }, { "statusCode", 500 } } },
            { "gip", true },
            { "scriptLoader", Array.Empty<object>() },
        };
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html><head><meta charSet=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width\"/><title>500: Internal Server Error</title><meta name=\"next-head-count\" content=\"3\"/><noscript data-n-css=\"\"></noscript>");
        foreach (var c in Chunks.Take(4)) sb.Append("<script src=\"/_next/static/chunks/").Append(c).Append(".js\" defer=\"\"></script>");
        sb.Append("</head><body><div id=\"__next\"><div style=\"font-family:system-ui,sans-serif;height:100vh;text-align:center;display:flex;flex-direction:column;align-items:center;justify-content:center\"><div><h1 class=\"next-error-h1\" style=\"display:inline-block;margin:0 20px 0 0;padding:0 23px 0 0;font-size:24px;font-weight:500;vertical-align:top;line-height:49px\">500</h1><div style=\"display:inline-block\"><h2 style=\"font-size:14px;font-weight:400;line-height:49px;margin:0\">Internal Server Error<!-- -->.</h2></div></div></div></div>");
        sb.Append(NextDataOpen).Append(NextJson.HtmlEscape(NextJson.Stringify(next))).Append("</script></body></html>");
        return sb.ToString();
    }

    // ---------------------------------------------------------------- JSON

    internal static string BuildProfileJson(SnapProfile p, IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var u = p.Username;
        var pageProps = new JObj
        {
            { "viewerInfo", ViewerInfo() },
            { "localization", Localization() },
            {
                "pageLinks", new JObj
                {
                    { "oneLinkUrl", $"https://click.snapchat.com/aVHG?pid=snapchat_download_page&af_dp={Host}/add/{u}?sc_referrer%3Dweb&af_web_dp=https://snapchat.com/download?purpose%3Dweb_stories" },
                    { "snapchatCanonicalUrl", $"{Host}/add/{u}" },
                    { "canonicalUrl", $"{Host}/add/{u}" },
                    { "snapcodeImageUrl", SnapcodeUrl(u) },
                }
            },
            {
                "pageMetadata", new JObj
                {
                    { "pageType", 9 },
                    { "pageTitle", $"{p.Title} (@{u}) on Snapchat" },
                    { "pageDescription", new JObj { { "value", $"{p.Title} is on Snapchat!" } } },
                }
            },
            { "userProfile", WithoutCaseTagIf(p.OmitCaseTag, p.IsPublic ? PublicProfile(p) : UserInfo(p)) },
        };

        if (p.IsPublic)
        {
            switch (p.StoryForm)
            {
                case StoryForm.Present: pageProps.Add("story", Story(p, p.Snaps)); break;
                case StoryForm.EmptyList: pageProps.Add("story", Story(p, [])); break;
                case StoryForm.Null: pageProps.Add("story", null); break;
                case StoryForm.Absent: break;
            }
        }
        else if (p.StoryForm == StoryForm.Null)
        {
            pageProps.Add("story", null);
        }

        pageProps.Add("storyMetadata", new JObj());
        pageProps.Add("linkPreview", new JObj
        {
            { "title", $"{u} on Snapchat" },
            { "description", p.IsPublic ? p.Bio : "" },
            { "canonicalUrl", $"{Host}/add/{u}" },
            { "twitterImage", new JObj { { "url", $"{Host}/@{u}/preview/twitter.png" }, { "size", new JObj { { "width", 1200 }, { "height", 600 } } } } },
            { "facebookImage", new JObj { { "url", $"{Host}/@{u}/preview/facebook.png" }, { "size", new JObj { { "width", 1200 }, { "height", 628 } } } } },
        });
        var lensesIndex = pageProps.Count;
        pageProps.Add("lenses", new RawJson("[]"));
        // The page renders at most ~20 of each, and there is no way to page on (docs/snapchat-web.md §4.6).
        var highlights = p.IsPublic ? p.Highlights.Take(PageShowsAtMost).ToList() : [];
        var spotlights = p.IsPublic ? p.Spotlights.Take(PageShowsAtMost).ToList() : [];
        pageProps.Add("curatedHighlights", highlights.Select(Highlight).ToList());
        pageProps.Add("spotlightHighlights", spotlights.Select(Spotlight).ToList());
        pageProps.Add("spotlightHighlightsMetadata", spotlights.Select((s, i) => (object?)new JObj
        {
            { "engagementStats", new JObj { { "viewCount", (15300 + 1000 * i).ToString(CultureInfo.InvariantCulture) }, { "shareCount", (42 + i).ToString(CultureInfo.InvariantCulture) } } },
        }).ToList());

        var top = TopLevel(pageProps, query);
        var json = NextJson.Stringify(top);
        var deficit = Filler.TargetJsonBytes - Encoding.UTF8.GetByteCount(NextJson.HtmlEscape(json));
        if (deficit > 0)
        {
            pageProps[lensesIndex] = new("lenses", Filler.Lenses(deficit));
            json = NextJson.Stringify(top);
        }
        return json;
    }

    private static JObj TopLevel(JObj pageProps, IReadOnlyList<KeyValuePair<string, string>> query, string page = "/add/[...profileParams]")
    {
        var q = new JObj();
        foreach (var (k, v) in query) q.Add(k, v);
        return new JObj
        {
            { "props", new JObj { { "pageProps", pageProps }, { "__N_SSP", true } } },
            { "page", page },
            { "query", q },
            { "buildId", BuildId },
            { "assetPrefix", "" },
            { "isFallback", false },
            { "isExperimentalCompile", false },
            { "gssp", true },
            { "gip", true },
            { "appGip", true },
            { "locale", "en-US" },
            { "locales", new object[] { "en-US", "de-DE", "fr-FR", "es-ES", "ja-JP" } },
            { "defaultLocale", "en-US" },
            { "scriptLoader", Array.Empty<object>() },
        };
    }

    private static JObj ViewerInfo() => new() { { "country", "US" }, { "locale", "en_US" } };

    private static JObj Localization() => new() { { "direction", 0 }, { "locale", "en-US" }, { "messages", Filler.Messages } };

    private static JObj PublicProfile(SnapProfile p) => new()
    {
        { "$case", "publicProfileInfo" },
        {
            "publicProfileInfo", new JObj
            {
                { "username", p.Username },
                { "title", p.Title },
                { "snapcodeImageUrl", SnapcodeUrl(p.Username) },
                { "badge", 1 },
                { "categoryStringId", "public-profile-category-v3-people" },
                { "subcategoryStringId", "public-profile-subcategory-v3-artist" },
                { "subscriberCount", p.SubscriberCount.ToString(CultureInfo.InvariantCulture) },
                { "bio", p.Bio },
                { "websiteUrl", "https://example.com/links?from=snap&ref=bio" },
                { "profilePictureUrl", ProfilePictureUrl(p.Username) },
                { "address", "" },
                { "hasCuratedHighlights", p.Highlights.Count > 0 },
                { "hasSpotlightHighlights", p.Spotlights.Count > 0 },
                { "mutableName", "" },
                { "publisherType", "" },
                { "squareHeroImageUrl", "" },
                { "primaryColor", "" },
                { "creationTimestampMs", new JObj { { "value", "1530000000000" } } },
                { "lastUpdateTimestampMs", new JObj { { "value", "1762300000000" } } },
                {
                    // a nested publicProfileInfo of *another* user: parsers must not search for the key blindly
                    "relatedAccountsInfo", new object[]
                    {
                        new JObj
                        {
                            {
                                "publicProfileInfo", new JObj
                                {
                                    { "username", "related_" + p.Username },
                                    { "title", "Related & Friends 🎈" },
                                    { "badge", 0 },
                                    { "subscriberCount", "1200" },
                                    { "profilePictureUrl", ProfilePictureUrl("related_" + p.Username) },
                                }
                            },
                        },
                    }
                },
            }
        },
    };

    private static JObj UserInfo(SnapProfile p) => new()
    {
        { "$case", "userInfo" },
        {
            "userInfo", new JObj
            {
                { "username", p.Username },
                { "displayName", p.Title },
                { "snapcodeImageUrl", SnapcodeUrl(p.Username) },
                { "bitmoji3d", new JObj { { "avatarImage", new JObj { { "url", $"https://images.bitmoji.com/3d/avatar/{SnapIds.Chars("bm" + p.Username, 16)}.webp?scale=1&ua=2" } } } } },
            }
        },
    };

    private static JObj Story(SnapProfile p, IReadOnlyList<FakeSnap> snaps) => new()
    {
        { "storyType", 5 },
        { "storyTapId", "0" },
        { "storyId", new JObj { { "value", p.Username } } },
        { "storyTitle", new JObj { { "value", "" } } },
        { "storySubtitle", new JObj { { "value", "" } } },
        { "storyShareId", new JObj { { "value", "" } } },
        { "canonicalUrlSuffix", new JObj { { "value", "" } } },
        { "emoji", new JObj { { "value", "" } } },
        { "thumbnailUrl", new JObj { { "value", snaps.Select(s => s.PreviewUrl).FirstOrDefault(x => x != null) ?? "" } } },
        { "snapList", snaps.Select((s, i) => (object?)Snap(s, i, s.SnapId)).ToList() },
        { "isAttributed", false },
    };

    private static JObj Highlight(FakeHighlight h) => new()
    {
        { "storyType", 3 },
        { "storyTapId", "0" },
        { "highlightId", new JObj { { "value", h.HighlightId } } },
        { "storyId", new JObj { { "value", "" } } },
        { "storyTitle", new JObj { { "value", h.Title } } },
        { "storySubtitle", new JObj { { "value", "" } } },
        { "emoji", new JObj { { "value", "" } } },
        { "thumbnailUrl", new JObj { { "value", h.Snaps.Select(s => s.PreviewUrl).FirstOrDefault(x => x != null) ?? CoverUrl(h.HighlightId) } } },
        { "snapList", h.Snaps.Select((s, i) => (object?)Snap(s, i, "")).ToList() },
    };

    private static JObj Spotlight(FakeSnap s) => new()
    {
        { "storyType", 7 },
        { "storyId", new JObj { { "value", s.SnapId } } },
        { "storyTitle", new JObj { { "value", "Spotlight Snap" } } },
        { "thumbnailUrl", new JObj { { "value", s.PreviewUrl ?? CoverUrl(s.SnapId) } } },
        { "snapList", new object[] { Snap(s, 0, s.SnapId) } },
    };

    private static JObj SpotlightFeedEntry(SnapProfile creator, FakeSnap s) => new()
    {
        {
            "story", new JObj
            {
                { "storyType", 7 },
                { "storyId", new JObj { { "value", s.SnapId } } },
                { "snapList", new object[] { Snap(s, 0, s.SnapId) } },
            }
        },
        {
            "metadata", new JObj
            {
                {
                    "videoMetadata", new JObj
                    {
                        { "name", "Spotlight Snap" },
                        { "description", "#sea & #sun" },
                        { "uploadDateMs", (s.TimestampSec * 1000).ToString(CultureInfo.InvariantCulture) },
                        { "viewCount", -1 },
                        { "shareCount", 42 },
                        { "contentUrl", s.MediaUrl },
                        { "width", 540 },
                        { "height", 960 },
                        { "durationMs", 9000 },
                        { "thumbnailUrl", s.PreviewUrl ?? CoverUrl(s.SnapId) },
                        { "creator", new JObj { { "personCreator", new JObj { { "username", creator.Username }, { "url", $"{Host}/add/{creator.Username}" } } } } },
                    }
                },
                { "hashtags", new object[] { "sea", "sun" } },
                { "engagementStats", new JObj { { "viewCount", "15300" }, { "shareCount", "42" } } },
            }
        },
    };

    /// <summary>A <c>userProfile</c> without its <c>$case</c> tag, the member still there (docs/snapchat-web.md §11).</summary>
    private static JObj WithoutCaseTagIf(bool omit, JObj userProfile)
    {
        if (omit)
            userProfile.RemoveAll(pair => pair.Key == "$case");
        return userProfile;
    }

    private static JObj Snap(FakeSnap s, int index, string snapId)
    {
        var urls = new JObj();
        if (s.MediaUrl != null) urls.Add("mediaUrl", s.MediaUrl);
        if (s.PreviewUrl != null) urls.Add("mediaPreviewUrl", new JObj { { "value", s.PreviewUrl } });
        return new JObj
        {
            { "snapIndex", index },
            { "snapId", new JObj { { "value", snapId } } },
            { "snapMediaType", s.MediaType },
            { "snapUrls", urls },
            { "timestampInSec", new JObj { { "value", s.TimestampSec.ToString(CultureInfo.InvariantCulture) } } },
        };
    }

    private static string SnapcodeUrl(string u) => $"https://app.snapchat.com/web/deeplink/snapcode?username={u}&type=SVG&bitmoji=enable";

    private static string ProfilePictureUrl(string u)
        => $"https://cf-st.sc-cdn.net/aps/bolt/{SnapIds.Chars("pp" + u, 88)}._RS0,90_FMjpeg";

    private static string CoverUrl(string seed)
        => $"https://cf-st.sc-cdn.net/aps/bolt_web/{SnapIds.Chars("cv" + seed, 64)}._RS0,640,1138_FMjpeg";

    private static string LdJson(SnapProfile p)
    {
        var ld = new JObj
        {
            { "@context", "https://schema.org" },
            { "@type", "ProfilePage" },
            {
                "mainEntity", new JObj
                {
                    { "@type", "Person" },
                    { "name", p.Title },
                    { "alternateName", "@" + p.Username },
                    { "identifier", p.Username },
                    { "description", p.IsPublic ? p.Bio : "" },
                    { "image", ProfilePictureUrl(p.Username) },
                    { "url", $"{Host}/add/{p.Username}" },
                }
            },
        };
        return NextJson.HtmlEscape(NextJson.Stringify(ld));
    }

    // ---------------------------------------------------------------- HTML

    /// <summary>React-style text/attribute escaping; non-ASCII stays raw.</summary>
    internal static string H(string s)
    {
        var sb = new StringBuilder(s.Length + 16);
        foreach (var c in s)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#x27;"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    private static string Head(string title, string description, string u, string ogImage, string? ldJson)
    {
        var sb = new StringBuilder(16_384);
        sb.Append("<!DOCTYPE html><html lang=\"en-US\" dir=\"ltr\"><head><meta charSet=\"utf-8\"/>")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, maximum-scale=1.0, user-scalable=0\"/>")
            .Append("<title>").Append(H(title)).Append("</title>")
            .Append("<meta name=\"description\" content=\"").Append(H(description)).Append("\"/>")
            .Append("<meta name=\"apple-itunes-app\" content=\"app-id=447188370, app-argument=").Append(Host).Append("/add/").Append(H(u)).Append("\"/>")
            .Append("<meta name=\"metrics-page-name\" content=\"User_Profile.PublicProfile\"/>")
            .Append("<link rel=\"canonical\" href=\"").Append(Host).Append("/add/").Append(H(u)).Append("\"/>")
            .Append("<meta property=\"og:title\" content=\"").Append(H(u)).Append(" on Snapchat\"/>")
            .Append("<meta property=\"og:description\" content=\"").Append(H(description)).Append("\"/>")
            .Append("<meta property=\"og:type\" content=\"profile\"/>")
            .Append("<meta property=\"og:url\" content=\"").Append(Host).Append("/add/").Append(H(u)).Append("\"/>")
            .Append("<meta property=\"og:image\" content=\"").Append(H(ogImage)).Append("\"/>")
            .Append("<meta property=\"og:image:width\" content=\"1200\"/><meta property=\"og:image:height\" content=\"628\"/>")
            .Append("<meta property=\"og:site_name\" content=\"Snapchat\"/>");
        foreach (var l in Locales) sb.Append("<meta property=\"og:locale:alternate\" content=\"").Append(l).Append("\"/>");
        sb.Append("<meta property=\"fb:app_id\" content=\"394343577431007\"/>")
            .Append("<meta name=\"twitter:card\" content=\"summary_large_image\"/><meta name=\"twitter:site\" content=\"@Snapchat\"/>")
            .Append("<meta name=\"twitter:title\" content=\"").Append(H(u)).Append(" on Snapchat\"/>")
            .Append("<meta name=\"twitter:image\" content=\"").Append(Host).Append("/@").Append(H(u)).Append("/preview/twitter.png\"/>");
        foreach (var l in Locales)
        {
            var tag = l.Replace('_', '-');
            sb.Append("<link rel=\"alternate\" hrefLang=\"").Append(tag).Append("\" href=\"").Append(Host).Append("/add/").Append(H(u))
                .Append("?locale=").Append(tag).Append("&amp;sc_referrer=web\"/>");
        }
        sb.Append("<meta name=\"next-head-count\" content=\"").Append(22 + 2 * Locales.Length).Append("\"/>")
            .Append("<link rel=\"icon\" href=\"/favicon.ico\"/>")
            .Append("<link rel=\"preload\" href=\"/_next/static/css/9b1e2f7c4a3d8e60.css\" as=\"style\"/>")
            .Append("<link rel=\"stylesheet\" href=\"/_next/static/css/9b1e2f7c4a3d8e60.css\" data-n-g=\"\"/>")
            .Append("<noscript data-n-css=\"\"></noscript>")
            .Append("<script defer=\"\" nomodule=\"\" src=\"/_next/static/chunks/polyfills-42372ed130431b0a.js\"></script>");
        foreach (var c in Chunks) sb.Append("<script src=\"/_next/static/chunks/").Append(c).Append(".js\" defer=\"\"></script>");
        sb.Append("<script src=\"/_next/static/").Append(BuildId).Append("/_buildManifest.js\" defer=\"\"></script>")
            .Append("<script src=\"/_next/static/").Append(BuildId).Append("/_ssgManifest.js\" defer=\"\"></script>");
        if (ldJson != null) sb.Append("<script type=\"application/ld+json\">").Append(ldJson).Append("</script>");
        sb.Append("<style data-emotion=\"css-global 1ht8b4z\">html{height:100%;box-sizing:border-box}body{margin:0;height:100%;background:#fff;font-family:Graphik,\"Helvetica Neue\",Helvetica,Arial,sans-serif}</style>");
        sb.Append("{{CSS}}"); // replaced by padding CSS in Assemble
        sb.Append("</head>");
        return sb.ToString();
    }

    private static string Header()
        => "<header class=\"css-1wr4ohs\"><a href=\"https://www.snapchat.com/\" aria-label=\"Snapchat home\" class=\"css-1l7ul9k\"><svg width=\"40\" height=\"40\" viewBox=\"0 0 40 40\"><path d=\"M20 4c5.5 0 9.6 4.1 9.6 9.7v4.6l2.3-.8c.8 0 1.4.5 1.4 1.2 0 .9-1.3 1.4-3 2 .6 2.6 3 4.6 4.8 5.2-.3 1-2.2 1.5-3.6 1.7l-.6 1.8c-1.5 0-3.1-.6-5 .4-1.6.9-3 2.3-5.9 2.3s-4.3-1.4-5.9-2.3c-1.9-1-3.5-.4-5-.4l-.6-1.8c-1.4-.2-3.3-.7-3.6-1.7 1.8-.6 4.2-2.6 4.8-5.2-1.7-.6-3-1.1-3-2 0-.7.6-1.2 1.4-1.2l2.3.8v-4.6C10.4 8.1 14.5 4 20 4z\" fill=\"#fffc00\" stroke=\"#000\"/></svg></a>"
           + "<nav class=\"css-k008qs\"><a href=\"https://www.snapchat.com/lens?ref=web&amp;src=nav\">Lenses</a><a href=\"https://www.snapchat.com/spotlight?ref=web&amp;src=nav\">Spotlight</a><a href=\"https://map.snapchat.com/?ref=web\">Snap Map</a><a href=\"https://www.snapchat.com/download?src=nav&amp;ref=web\" class=\"css-1d3w5wq\">Download</a></nav></header>";

    private static string Footer()
    {
        var sb = new StringBuilder("<footer class=\"css-1n5rtmv\"><div class=\"css-79elbk\">");
        string[] sections = ["Company", "Community", "Advertising", "Legal", "Language"];
        string[] links = ["Snap Inc.", "Careers", "News", "Privacy Center", "Support", "Community Guidelines", "Safety Center", "Buy Ads", "Advertising Policies", "Brand Guidelines", "Privacy & Safety", "Terms of Service", "Cookie Policy", "Report Infringement"];
        foreach (var s in sections)
        {
            sb.Append("<div class=\"css-1q2s5mu\"><h3 class=\"css-9wq1q1\">").Append(s).Append("</h3><ul>");
            foreach (var l in links)
            {
                sb.Append("<li><a href=\"https://www.snapchat.com/").Append(l.ToLowerInvariant().Replace(' ', '-').Replace("&", "and", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal))
                    .Append("?lang=en-US&amp;ref=web_footer\">").Append(H(l)).Append("</a></li>");
            }
            sb.Append("</ul></div>");
        }
        sb.Append("</div><p class=\"css-1vqjqc5\">© 2025 Snap Inc. — Privacy &amp; Terms</p></footer>");
        return sb.ToString();
    }

    private static string ProfileBody(SnapProfile p)
    {
        var u = p.Username;
        var sb = new StringBuilder(32_768);
        sb.Append("<div id=\"__next\"><div class=\"css-1u8qly9\">").Append(Header()).Append("<main class=\"css-ys6ka4\">");
        sb.Append("<section class=\"PublicProfileCard_container__Xb1kQ\"><div class=\"css-1hr2ycf\"><img alt=\"").Append(H(p.Title))
            .Append("\" src=\"").Append(H(ProfilePictureUrl(u))).Append("\" class=\"css-9pa8cd\" width=\"120\" height=\"120\"/></div>")
            .Append("<h1 class=\"PublicProfileCard_title__kq6Zk\">").Append(H(p.Title)).Append("</h1>")
            .Append("<p class=\"PublicProfileCard_username__3sN7f\">").Append(H(u)).Append("</p>");
        if (p.IsPublic)
        {
            sb.Append("<p class=\"PublicProfileCard_bio__Lq0gP\">").Append(H(p.Bio)).Append("</p>")
                .Append("<span class=\"PublicProfileCard_subscribers__a8Dfx\">").Append(H(FormatCount(p.SubscriberCount))).Append(" Subscribers</span>");
        }
        sb.Append("<a class=\"css-1d3w5wq\" href=\"").Append(H(SnapcodeUrl(u))).Append("\">Add on Snapchat</a></section>");

        if (p.IsPublic && p.StoryForm == StoryForm.Present && p.Snaps.Count > 0)
        {
            sb.Append("<section aria-label=\"Stories\" class=\"css-1n0z6bq\"><h2>Stories</h2><div class=\"StoryTiles_grid__v2Xk3\">");
            foreach (var s in p.Snaps)
            {
                sb.Append("<a class=\"StoryTile_tile__9kD2m\" href=\"/add/").Append(H(u)).Append('/').Append(H(s.SnapId)).Append("\">");
                if (s.PreviewUrl != null) sb.Append("<img loading=\"lazy\" alt=\"\" src=\"").Append(H(s.PreviewUrl)).Append("\"/>");
                sb.Append("</a>");
            }
            sb.Append("</div></section>");
        }
        if (p.IsPublic && p.Highlights.Count > 0)
        {
            sb.Append("<section aria-label=\"Highlights\" class=\"css-1n0z6bq\"><h2>Highlights</h2><div class=\"StoryTiles_grid__v2Xk3\">");
            foreach (var h in p.Highlights)
            {
                sb.Append("<a class=\"StoryTile_tile__9kD2m\" href=\"/add/").Append(H(u)).Append("/highlight/").Append(H(h.HighlightId)).Append("\">")
                    .Append("<img loading=\"lazy\" alt=\"\" src=\"").Append(H(h.Snaps.Select(s => s.PreviewUrl).FirstOrDefault(x => x != null) ?? CoverUrl(h.HighlightId))).Append("\"/>")
                    .Append("<span>").Append(H(h.Title)).Append("</span></a>");
            }
            sb.Append("</div></section>");
        }
        if (p.IsPublic && p.Spotlights.Count > 0)
        {
            sb.Append("<section aria-label=\"Spotlight\" class=\"css-1n0z6bq\"><h2>Spotlight</h2><div class=\"StoryTiles_grid__v2Xk3\">");
            foreach (var s in p.Spotlights)
            {
                sb.Append("<a class=\"StoryTile_tile__9kD2m\" href=\"/@").Append(H(u)).Append("/spotlight/").Append(H(s.SnapId)).Append("\">")
                    .Append("<img loading=\"lazy\" alt=\"\" src=\"").Append(H(s.PreviewUrl ?? CoverUrl(s.SnapId))).Append("\"/></a>");
            }
            sb.Append("</div></section>");
        }
        sb.Append("</main>").Append(Footer()).Append("</div></div>");
        return sb.ToString();
    }

    private static string FormatCount(long n) => n switch
    {
        >= 1_000_000 => (n / 1_000_000d).ToString("0.#", CultureInfo.InvariantCulture) + "m",
        >= 1_000 => (n / 1_000d).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => n.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Head + body + (optional) NEXT_DATA as the last element; pads with inline CSS to the real size class.</summary>
    private static string Assemble(string head, string body, string? escapedJson)
    {
        const string cssMarker = "{{CSS}}";
        var nonCss = Encoding.UTF8.GetByteCount(head) - cssMarker.Length + Encoding.UTF8.GetByteCount(body) + "<body></body></html>".Length
                     + (escapedJson == null ? 0 : NextDataOpen.Length + "</script>".Length + Encoding.UTF8.GetByteCount(escapedJson));
        var pad = Filler.TargetHtmlBytes - nonCss - "<style data-emotion=\"css 1u8qly9 ys6ka4\"></style>".Length;
        var css = Filler.Css;
        var style = "";
        if (pad > 200)
        {
            // CSS is pure ASCII: chars == bytes; cut at a rule boundary
            var cut = Math.Min(pad, css.Length);
            var boundary = css.LastIndexOf(".css-", cut, StringComparison.Ordinal);
            if (boundary > 0) cut = boundary;
            style = "<style data-emotion=\"css 1u8qly9 ys6ka4\">" + css[..cut] + "</style>";
        }
        var sb = new StringBuilder(Filler.TargetHtmlBytes + 1024);
        sb.Append(head.Replace(cssMarker, style, StringComparison.Ordinal)).Append("<body>").Append(body);
        if (escapedJson != null) sb.Append(NextDataOpen).Append(escapedJson).Append("</script>");
        sb.Append("</body></html>");
        return sb.ToString();
    }
}
