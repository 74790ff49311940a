using System.Globalization;
using System.Text;

namespace StoryBot.Tests.Fakes.Snapchat;

/// <summary>
/// Deterministic bulk that makes a fake page as heavy as a real 2025 page (~600 KB HTML, ~360 KB JSON):
/// translation strings, lens entries, inline CSS. Strings contain &amp;, &lt;, &gt;, U+2028/U+2029, accents and emoji
/// so that Next.js escaping is exercised.
/// </summary>
internal static class Filler
{
    public const int TargetJsonBytes = 360_000;
    public const int TargetHtmlBytes = 600_000;

    private static readonly string[] Phrases =
    [
        "Actor", "Add me on Snapchat!", "Ads", "Apparel / Fashion", "Artist", "Athlete", "Best of Spotlight", "Brand",
        "Business", "Businesses & Groups", "Cancel", "Charity / Cause", "Close", "Coach", "College / University",
        "Comedian", "Community Organization", "Company / Enterprise", "Copyright infringement", "Creator", "Dancer",
        "Download", "Download Snapchat", "Download Snapchat to Watch Now", "Download Snapchat to find more",
        "Entrepreneur", "Episode {episodeNumber}", "Episodes", "Fashion Model", "Film / TV", "Film / TV Personality",
        "Filters & Lenses", "Fitness Professional", "Food Professional", "Government Official", "Harassment or Hate speech",
        "Health / Beauty", "I just don't like it", "I'm being bullied or harassed", "In this Snap", "Internet Company",
        "Is there any more information you want to share about this Snap?", "It's an invasion of privacy", "It's spam",
        "Journalist", "Just now", "Lens Creator", "Lens Studio", "Lenses", "Lifestyle Influencer", "Maps",
        "Media / News Company", "More Options", "Musician / Band", "My Story", "Open in Snapchat", "Open your Snapchat",
        "People", "Photographer", "Post to Spotlight", "Posted to Snap Map", "Products & Brands", "Public Figure",
        "Report Snap", "Season {seasonNumber}", "Share this Snap", "Share {username}'s Snap", "Snap Reported", "Snapcodes",
        "Sorry,", "Spectacles", "Spotlight", "Spotlight is not available in your location", "Stories", "Submit",
        "Support", "Thank you for reporting this Snap.", "This Snap is no longer available", "This content is not available",
        "This content was not found", "Top Lenses", "Up next", "Watch more from {publisherTitle}", "Watch more in Snapchat",
        "by {creatorDisplayName}", "{subscriberCount} Subscribers", "{timeDifference}h ago", "{timeDifference}m ago",
        // markup-bearing and non-ASCII strings, as real translation bundles have
        "Privacy & Safety", "Terms & Conditions", "<b>{count}</b> views", "Tap > to see more", "Swipe up <3",
        "Use of Snapchat is subject to our <a href=\"/terms\">Terms</a> & <a href=\"/privacy\">Privacy Policy</a>",
        "Snap Inc. © 2025 — all rights reserved", "Café & Crème", "Ça va ? Télécharger Snapchat", "Über uns & Karriere",
        "Descargar Snapchat — ¡Ya!", "スナップチャットをダウンロード", "스냅챗 다운로드", "تنزيل سناب شات", "Скачать Snapchat",
        "Snapchat 👻 for Web", "🔥 Trending Lenses", "Line one\u2028line two", "Paragraph one\u2029paragraph two",
        "Non\u00a0breaking space", "Quotes \"inside\" and back\\slash", "{count, plural, =0 {No views} one {# view} other {# views}}",
    ];

    private static readonly Lazy<RawJson> MessagesLazy = new(BuildMessages);
    private static readonly Lazy<string[]> LensesLazy = new(BuildLenses);
    private static readonly Lazy<string> CssLazy = new(BuildCss);

    /// <summary>~125 KB <c>{"id":"text",…}</c> object of translations.</summary>
    public static RawJson Messages => MessagesLazy.Value;

    /// <summary>Pre-serialized lens entries (~750 bytes each).</summary>
    public static string[] LensEntries => LensesLazy.Value;

    /// <summary>~260 KB inline emotion-style CSS.</summary>
    public static string Css => CssLazy.Value;

    /// <summary>A JSON array of as many lens entries as needed to add about <paramref name="bytes"/> bytes of escaped UTF-8.</summary>
    public static RawJson Lenses(int bytes)
    {
        var sb = new StringBuilder("[");
        var entries = LensEntries;
        var sizes = LensSizes.Value;
        var total = 2;
        for (var i = 0; i < entries.Length && total < bytes; i++)
        {
            if (i > 0) { sb.Append(','); total++; }
            sb.Append(entries[i]);
            total += sizes[i];
        }
        sb.Append(']');
        return new RawJson(sb.ToString());
    }

    private static readonly Lazy<int[]> LensSizes = new(() => LensEntries.Select(e => Encoding.UTF8.GetByteCount(NextJson.HtmlEscape(e))).ToArray());

    private static RawJson BuildMessages()
    {
        var rnd = new Random(20251101);
        var obj = new JObj();
        var seen = new HashSet<string>();
        const string idChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        while (obj.Count < 2300)
        {
            var id = new string(Enumerable.Range(0, 6).Select(_ => idChars[rnd.Next(idChars.Length)]).ToArray());
            if (!seen.Add(id)) continue;
            var phrase = Phrases[rnd.Next(Phrases.Length)];
            obj.Add(id, (rnd.Next(4)) switch
            {
                0 => phrase,
                1 => phrase + " (" + rnd.Next(2, 99).ToString(CultureInfo.InvariantCulture) + ")",
                2 => phrase + " — " + Phrases[rnd.Next(Phrases.Length)],
                _ => Phrases[rnd.Next(Phrases.Length)] + ": " + phrase,
            });
        }
        return new RawJson(NextJson.Stringify(obj));
    }

    private static string[] BuildLenses()
    {
        var rnd = new Random(424242);
        string[] names = ["Glow & Sparkle", "Big Mouth <3", "Café Filter", "Neon > Night", "Ocean 🌊 Waves", "Retro VHS", "Anime Eyes ✨", "Cartoon 3D", "Rainbow & Hearts", "Golden Hour", "Doggy 🐶", "Crying Face", "Baby Face", "Gender Swap", "Time Machine"];
        var result = new string[600];
        for (var i = 0; i < result.Length; i++)
        {
            var hex = Hex(rnd, 32);
            var lensId = rnd.NextInt64(10_000_000_000, 99_999_999_999).ToString(CultureInfo.InvariantCulture);
            var creator = "creator_" + Hex(rnd, 6);
            var lens = new JObj
            {
                { "lensId", lensId },
                { "lensName", names[i % names.Length] },
                { "lensCreatorDisplayName", "Créateur " + (i % 37).ToString(CultureInfo.InvariantCulture) + " & Co" },
                { "lensCreatorUsername", creator },
                { "iconUrl", "https://lens-storage.storage.googleapis.com/png/" + hex },
                { "thumbnailUrl", $"https://cf-st.sc-cdn.net/d/{SnapIds.Chars("lens" + i, 21)}.256.IRZXSOY?mo=Gk{Hex(rnd, 8)}%3D%3D&uc=46" },
                { "deeplinkUrl", $"https://www.snapchat.com/unlock/?type=SNAPCODE&uuid={hex}&metadata=01" },
                { "lensPreviewVideoUrl", $"https://lens-preview-storage.storage.googleapis.com/{Hex(rnd, 40)}.mp4?ts={rnd.Next()}&sig={Hex(rnd, 16)}" },
                { "snapcodeUrl", $"https://app.snapchat.com/web/deeplink/snapcode?data={hex}&version=1&type=png" },
                { "description", i % 3 == 0 ? "Tap <3 to try & share > 🔥" : "" },
                { "hasDescription", i % 3 == 0 },
                { "isSponsored", false },
                {
                    "engagementStats", new JObj
                    {
                        { "viewCount", rnd.Next(1000, 9_000_000).ToString(CultureInfo.InvariantCulture) },
                        { "shareCount", rnd.Next(0, 5000).ToString(CultureInfo.InvariantCulture) },
                    }
                },
            };
            result[i] = NextJson.Stringify(lens);
        }
        return result;
    }

    private static string BuildCss()
    {
        var rnd = new Random(777);
        string[] props =
        [
            "display:flex", "display:grid", "align-items:center", "justify-content:space-between", "flex-direction:column",
            "padding:8px 16px", "margin:0 auto", "border-radius:12px", "color:#fff", "color:rgba(22,25,28,0.8)",
            "background:#fffc00", "background-color:rgba(0,0,0,0.4)", "font-size:14px", "font-weight:600",
            "line-height:1.4", "overflow:hidden", "text-overflow:ellipsis", "white-space:nowrap", "gap:8px",
            "position:relative", "position:absolute", "inset:0", "width:100%", "height:100%", "max-width:1200px",
            "transition:opacity 200ms ease-in-out", "cursor:pointer", "grid-template-columns:repeat(auto-fill,minmax(160px,1fr))",
            "aspect-ratio:9/16", "object-fit:cover", "box-shadow:0 2px 8px rgba(0,0,0,0.16)", "z-index:2",
        ];
        var sb = new StringBuilder(270_000);
        sb.Append("@font-face{font-family:\"Graphik\";src:url(\"https://static.snapchat.com/fonts/Graphik-Regular.woff2\") format(\"woff2\");font-weight:400;font-display:swap;}");
        while (sb.Length < 260_000)
        {
            sb.Append(".css-").Append(Hex(rnd, 6)).Append('{');
            var n = rnd.Next(2, 7);
            for (var i = 0; i < n; i++)
            {
                if (i > 0) sb.Append(';');
                sb.Append(props[rnd.Next(props.Length)]);
            }
            sb.Append('}');
            if (rnd.Next(10) == 0)
            {
                sb.Append("@media (min-width:").Append(rnd.Next(3, 13) * 100).Append("px){.css-").Append(Hex(rnd, 6))
                    .Append('{').Append(props[rnd.Next(props.Length)]).Append("}}");
            }
        }
        return sb.ToString();
    }

    internal static string Hex(Random rnd, int length)
    {
        const string hexChars = "0123456789abcdef";
        var chars = new char[length];
        for (var i = 0; i < length; i++) chars[i] = hexChars[rnd.Next(16)];
        return new string(chars);
    }
}
