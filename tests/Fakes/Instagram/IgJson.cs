using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace StoryBot.Tests.Fakes.Instagram;

/// <summary>Renders the JSON bodies of www.instagram.com's web API (docs/instagram-web.md §2–§4). Default System.Text.Json
/// escaping (so '&amp;' in URLs comes out as \u0026, which any JSON parser undoes).</summary>
internal static class IgJson
{
    private const string CdnHost = "scontent-ams4-1.cdninstagram.com";

    // ---------------------------------------------------------------- web_profile_info

    public static byte[] ProfileInfo(IgUser? user, bool viewerFollows, int visibleHighlights)
    {
        return Write(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("data");
            w.WriteStartObject();
            if (user == null)
            {
                w.WriteNull("user");
            }
            else
            {
                w.WritePropertyName("user");
                w.WriteStartObject();
                w.WriteString("ai_agent_type", (string?)null);
                w.WriteString("biography", user.Biography);
                w.WritePropertyName("bio_links");
                w.WriteStartArray();
                w.WriteEndArray();
                w.WriteString("fb_profile_biolink", (string?)null);
                w.WritePropertyName("biography_with_entities");
                w.WriteStartObject();
                w.WriteString("raw_text", user.Biography);
                w.WritePropertyName("entities");
                w.WriteStartArray();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteBoolean("blocked_by_viewer", false);
                w.WriteBoolean("restricted_by_viewer", false);
                w.WriteBoolean("country_block", false);
                w.WriteString("eimu_id", Digits("eimu:" + user.Id, 17));
                w.WriteString("external_url", (string?)null);
                w.WriteString("external_url_linkshimmed", (string?)null);
                w.WritePropertyName("edge_followed_by");
                WriteCount(w, user.FollowerCount);
                w.WriteString("fbid", Digits("fbid:" + user.Id, 17));
                w.WriteBoolean("followed_by_viewer", viewerFollows);
                w.WritePropertyName("edge_follow");
                WriteCount(w, user.FollowingCount);
                w.WriteBoolean("follows_viewer", false);
                w.WriteString("full_name", user.FullName);
                w.WriteString("group_metadata", (string?)null);
                w.WriteBoolean("has_ar_effects", false);
                w.WriteBoolean("has_clips", true);
                w.WriteBoolean("has_guides", false);
                w.WriteBoolean("has_channel", false);
                w.WriteBoolean("has_blocked_viewer", false);
                w.WriteNumber("highlight_reel_count", visibleHighlights);
                w.WriteBoolean("has_requested_viewer", false);
                w.WriteBoolean("hide_like_and_view_counts", false);
                w.WriteString("id", user.Id);
                w.WriteBoolean("is_business_account", false);
                w.WriteBoolean("is_professional_account", false);
                w.WriteBoolean("is_supervision_enabled", false);
                w.WriteBoolean("is_guardian_of_viewer", false);
                w.WriteBoolean("is_supervised_by_viewer", false);
                w.WriteBoolean("is_supervised_user", false);
                w.WriteBoolean("is_embeds_disabled", false);
                w.WriteBoolean("is_joined_recently", false);
                w.WriteString("business_category_name", (string?)null);
                w.WriteString("category_enum", (string?)null);
                w.WriteString("category_name", (string?)null);
                w.WriteBoolean("is_private", user.IsPrivate);
                w.WriteBoolean("is_verified", user.IsVerified);
                w.WriteBoolean("is_verified_by_mv4b", false);
                w.WriteBoolean("is_regulated_c18", false);
                w.WriteString("profile_pic_url", ProfilePicUrl(user.Id, 150));
                w.WriteString("profile_pic_url_hd", ProfilePicUrl(user.Id, 320));
                w.WriteBoolean("requested_by_viewer", false);
                w.WriteBoolean("should_show_category", false);
                w.WriteBoolean("should_show_public_contacts", false);
                w.WriteBoolean("show_account_transparency_details", true);
                w.WriteBoolean("transparency_label", false);
                w.WriteString("username", user.Username);
                w.WriteString("pronouns", (string?)null);
                w.WritePropertyName("edge_owner_to_timeline_media");
                w.WriteStartObject();
                w.WriteNumber("count", user.PostCount);
                w.WritePropertyName("page_info");
                w.WriteStartObject();
                var canSee = !user.IsPrivate || viewerFollows;
                w.WriteBoolean("has_next_page", canSee && user.PostCount > 12);
                w.WriteString("end_cursor", canSee && user.PostCount > 12 ? "QVFE" + Token("cursor:" + user.Id, 40) : null);
                w.WriteEndObject();
                w.WritePropertyName("edges");
                w.WriteStartArray();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteString("status", "ok");
            w.WriteEndObject();
        });
    }

    private static void WriteCount(Utf8JsonWriter w, long count)
    {
        w.WriteStartObject();
        w.WriteNumber("count", count);
        w.WriteEndObject();
    }

    // ---------------------------------------------------------------- topsearch

    /// <summary><c>{"users":[{"position":n,"user":{…}}],"places":[],"hashtags":[],…,"status":"ok"}</c> (docs/instagram-web.md §10.1).</summary>
    public static byte[] TopSearch(IReadOnlyList<IgUser> users)
    {
        return Write(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("users");
            w.WriteStartArray();
            var position = 0;
            foreach (var user in users)
            {
                w.WriteStartObject();
                w.WriteNumber("position", position++);
                w.WritePropertyName("user");
                WriteUserSummary(w, user, verified: true, anonymousPicture: true);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WritePropertyName("places");
            w.WriteStartArray();
            w.WriteEndArray();
            w.WritePropertyName("hashtags");
            w.WriteStartArray();
            w.WriteEndArray();
            w.WriteBoolean("has_more", false);
            w.WriteString("rank_token", Token("rank:" + users.Count, 36));
            w.WriteBoolean("clear_client_cache", false);
            w.WriteString("status", "ok");
            w.WriteEndObject();
        });
    }

    // ---------------------------------------------------------------- reels_media

    /// <summary>A resolved reel: a user's story (highlight == null) or one highlight.</summary>
    internal sealed record Reel(IgUser Owner, IgHighlight? Highlight)
    {
        public string Id => Highlight == null ? Owner.Id : "highlight:" + Highlight.Id;
    }

    public static byte[] ReelsMedia(IReadOnlyList<Reel> reels, ReelsShape shape, bool pkAsNumber)
    {
        if (shape == ReelsShape.GraphQl)
        {
            return Write(w =>
            {
                w.WriteStartObject();
                w.WritePropertyName("data");
                w.WriteStartObject();
                w.WritePropertyName("xdt_api__v1__feed__reels_media__connection");
                w.WriteStartObject();
                w.WritePropertyName("edges");
                w.WriteStartArray();
                foreach (var reel in reels)
                {
                    w.WriteStartObject();
                    w.WritePropertyName("node");
                    WriteReel(w, reel, pkAsNumber);
                    w.WriteString("cursor", reel.Id);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WritePropertyName("page_info");
                w.WriteStartObject();
                w.WriteBoolean("has_next_page", false);
                w.WriteNull("end_cursor");
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
                w.WritePropertyName("extensions");
                w.WriteStartObject();
                w.WriteBoolean("is_final", true);
                w.WriteEndObject();
                w.WriteString("status", "ok");
                w.WriteEndObject();
            });
        }

        return Write(w =>
        {
            w.WriteStartObject();
            if (shape != ReelsShape.ReelsMediaArrayOnly)
            {
                w.WritePropertyName("reels");
                w.WriteStartObject();
                foreach (var reel in reels)
                {
                    w.WritePropertyName(reel.Id);
                    WriteReel(w, reel, pkAsNumber);
                }
                w.WriteEndObject();
            }
            if (shape != ReelsShape.ReelsMapOnly)
            {
                w.WritePropertyName("reels_media");
                w.WriteStartArray();
                foreach (var reel in reels) WriteReel(w, reel, pkAsNumber);
                w.WriteEndArray();
            }
            w.WriteString("status", "ok");
            w.WriteEndObject();
        });
    }

    private static void WriteReel(Utf8JsonWriter w, Reel reel, bool pkAsNumber)
    {
        var owner = reel.Owner;
        var isHighlight = reel.Highlight != null;
        var items = (reel.Highlight?.Items ?? owner.Story).OrderBy(i => i.TakenAt).ToList();
        var latest = items.Count == 0 ? 0 : items[^1].TakenAt;

        w.WriteStartObject();
        w.WriteString("id", reel.Id);
        w.WriteString("strong_id__", reel.Id);
        w.WriteNumber("latest_reel_media", latest);
        if (!isHighlight) w.WriteNumber("expiring_at", latest + 86400);
        w.WriteNumber("seen", 0);
        w.WriteBoolean("can_reply", !isHighlight);
        w.WriteBoolean("can_gif_quick_reply", !isHighlight);
        w.WriteBoolean("can_reshare", true);
        w.WriteBoolean("can_react_with_avatar", false);
        w.WriteString("reel_type", isHighlight ? "highlight_reel" : "user_reel");
        w.WriteNull("ad_expiry_timestamp_in_millis");
        w.WriteNull("is_cta_sticker_available");
        w.WriteNull("app_sticker_info");
        w.WriteNull("should_treat_link_sticker_as_cta");
        if (isHighlight)
        {
            w.WriteString("title", reel.Highlight!.Title);
            w.WriteNumber("created_at", items.Count == 0 ? 0 : items[0].TakenAt + 3600);
            w.WriteBoolean("is_pinned_highlight", false);
            w.WritePropertyName("cover_media");
            WriteCoverMedia(w, owner, items);
        }
        w.WritePropertyName("user");
        WriteReelUser(w, owner);
        w.WritePropertyName("items");
        w.WriteStartArray();
        foreach (var item in items) WriteItem(w, item, owner, isHighlight, pkAsNumber);
        w.WriteEndArray();
        w.WriteNumber("prefetch_count", 0);
        w.WriteNumber("media_count", items.Count);
        w.WritePropertyName("media_ids");
        w.WriteStartArray();
        foreach (var item in items)
        {
            if (pkAsNumber) w.WriteRawValue(item.Pk, skipInputValidation: false);
            else w.WriteStringValue(item.Pk);
        }
        w.WriteEndArray();
        w.WriteBoolean("has_besties_media", false);
        w.WriteBoolean("has_video", items.Any(i => i.MediaType == 2));
        w.WriteBoolean("muted", false);
        w.WriteEndObject();
    }

    /// <summary>
    /// The short user object Instagram nests in a search result, a story item and a highlight; each carries a
    /// slightly different set of fields, as captured.
    /// </summary>
    private static void WriteUserSummary(Utf8JsonWriter w, IgUser user, bool verified, bool anonymousPicture = false)
    {
        w.WriteStartObject();
        w.WriteString("pk", user.Id);
        w.WriteString("pk_id", user.Id);
        w.WriteString("username", user.Username);
        w.WriteString("full_name", user.FullName);
        w.WriteBoolean("is_private", user.IsPrivate);
        if (verified) w.WriteBoolean("is_verified", user.IsVerified);
        w.WriteString("profile_pic_url", ProfilePicUrl(user.Id, 150));
        if (anonymousPicture) w.WriteBoolean("has_anonymous_profile_picture", false);
        w.WriteEndObject();
    }

    private static void WriteReelUser(Utf8JsonWriter w, IgUser owner)
    {
        w.WriteStartObject();
        w.WriteString("pk", owner.Id);
        w.WriteString("pk_id", owner.Id);
        w.WriteString("id", owner.Id);
        w.WriteString("username", owner.Username);
        w.WriteString("full_name", owner.FullName);
        w.WriteBoolean("is_private", owner.IsPrivate);
        w.WriteBoolean("is_verified", owner.IsVerified);
        w.WriteString("profile_pic_id", Digits("ppid:" + owner.Id, 19) + "_" + owner.Id);
        w.WriteString("profile_pic_url", ProfilePicUrl(owner.Id, 150));
        w.WritePropertyName("friendship_status");
        w.WriteStartObject();
        w.WriteBoolean("following", owner.ViewerFollows);
        w.WriteBoolean("is_bestie", false);
        w.WriteBoolean("is_feed_favorite", false);
        w.WriteBoolean("is_restricted", false);
        w.WriteBoolean("muting", false);
        w.WriteBoolean("outgoing_request", false);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteCoverMedia(Utf8JsonWriter w, IgUser owner, List<IgItem> items)
    {
        w.WriteStartObject();
        var first = items.FirstOrDefault();
        var best = first?.Images.OrderByDescending(v => (long)v.Width * v.Height).FirstOrDefault();
        w.WritePropertyName("cropped_image_version");
        w.WriteStartObject();
        w.WriteNumber("width", 150);
        w.WriteNumber("height", 150);
        w.WriteString("url", best?.Url ?? ProfilePicUrl(owner.Id, 150));
        w.WriteString("scans_profile", "");
        w.WriteEndObject();
        w.WritePropertyName("crop_rect");
        w.WriteStartArray();
        w.WriteNumberValue(0.0);
        w.WriteNumberValue(0.21875);
        w.WriteNumberValue(1.0);
        w.WriteNumberValue(0.78125);
        w.WriteEndArray();
        w.WriteString("media_id", first == null ? null : first.Pk + "_" + owner.Id);
        w.WriteNull("full_image_version");
        w.WriteString("upload_id", (string?)null);
        w.WriteEndObject();
    }

    private static void WriteItem(Utf8JsonWriter w, IgItem item, IgUser owner, bool inHighlight, bool pkAsNumber)
    {
        var isVideo = item.MediaType == 2;
        var images = Unsorted(item.Images);
        var videos = Unsorted(item.Videos);
        var biggest = (isVideo && item.Videos.Count > 0 ? item.Videos : item.Images)
            .OrderByDescending(v => (long)v.Width * v.Height).FirstOrDefault();

        w.WriteStartObject();
        w.WriteNumber("taken_at", item.TakenAt);
        w.WritePropertyName("pk");
        if (pkAsNumber) w.WriteRawValue(item.Pk, skipInputValidation: false);
        else w.WriteStringValue(item.Pk);
        w.WriteString("id", item.Pk + "_" + owner.Id);
        w.WriteString("fbid", Digits("fbid:" + item.Pk, 17));
        w.WriteNumber("device_timestamp", item.TakenAt * 1_000_000 + 123_456);
        w.WriteBoolean("caption_is_edited", false);
        w.WriteString("strong_id__", item.Pk + "_" + owner.Id);
        w.WriteNumber("deleted_reason", 0);
        w.WriteNumber("has_shared_to_fb", 0);
        w.WriteBoolean("has_delayed_metadata", false);
        w.WriteString("mezql_token", "");
        w.WriteBoolean("share_count_disabled", false);
        w.WriteBoolean("like_and_view_counts_disabled", false);
        w.WriteBoolean("is_post_live_clips_media", false);
        w.WriteNumber("media_type", item.MediaType);
        w.WriteString("code", IgIds.ShortCode(item.Pk));
        w.WriteNull("caption");
        w.WritePropertyName("sharing_friction_info");
        w.WriteStartObject();
        w.WriteBoolean("should_have_sharing_friction", false);
        w.WriteNull("bloks_app_url");
        w.WriteNull("sharing_friction_payload");
        w.WriteEndObject();
        w.WriteNumber("original_width", biggest?.Width ?? 1080);
        w.WriteNumber("original_height", biggest?.Height ?? 1920);
        w.WriteBoolean("is_reel_media", true);
        w.WritePropertyName("image_versions2");
        w.WriteStartObject();
        w.WritePropertyName("candidates");
        w.WriteStartArray();
        foreach (var v in images)
        {
            w.WriteStartObject();
            w.WriteNumber("width", v.Width);
            w.WriteNumber("height", v.Height);
            w.WriteString("url", v.Url);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        if (isVideo)
        {
            w.WritePropertyName("video_versions");
            w.WriteStartArray();
            var rank = item.Videos.OrderByDescending(v => (long)v.Width * v.Height).ToList();
            foreach (var v in videos)
            {
                var r = rank.IndexOf(v);
                w.WriteStartObject();
                w.WriteNumber("type", v.Type ?? 101 + Math.Min(r, 2));
                w.WriteNumber("width", v.Width);
                w.WriteNumber("height", v.Height);
                w.WriteString("url", v.Url);
                w.WriteString("id", Digits("vv:" + v.Url, 15) + "v");
                w.WriteNumber("bandwidth", (long)v.Width * v.Height * 2);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("video_duration", item.VideoDuration ?? 10.0);
            w.WriteBoolean("has_audio", true);
            w.WriteNumber("is_dash_eligible", 1);
            w.WriteNumber("number_of_qualities", item.Videos.Count);
            w.WriteString("video_codec", "avc1.64001F");
            w.WriteString("video_dash_manifest", DashManifest(item));
        }
        w.WritePropertyName("user");
        WriteUserSummary(w, owner, verified: true);
        if (!inHighlight) w.WriteNumber("expiring_at", item.TakenAt + 86400);
        w.WriteString("product_type", "story");
        w.WriteBoolean("can_reply", !inHighlight);
        w.WriteBoolean("can_reshare", true);
        w.WriteBoolean("can_send_custom_emojis", true);
        w.WriteBoolean("supports_reel_reactions", true);
        w.WriteBoolean("show_one_tap_fb_share_tooltip", false);
        w.WritePropertyName("reel_mentions");
        w.WriteStartArray();
        w.WriteEndArray();
        w.WritePropertyName("story_static_models");
        w.WriteStartArray();
        w.WriteEndArray();
        w.WriteString("organic_tracking_token", "eyJ2ZXJzaW9uIjo1LCJwYXlsb2FkIjp7ImlzX2FuYWx5dGljc190cmFja2VkIjp0cnVlLCJ1dWlkIjoi" + Token("ott:" + item.Pk, 32) + "In19");
        w.WriteNumber("timezone_offset", 3600);
        w.WriteEndObject();
    }

    /// <summary>Versions in an order that is neither ascending nor descending where possible: the smallest first, then the
    /// largest, then the rest as given. With two versions: the smaller first (the site usually has the largest first).</summary>
    internal static IReadOnlyList<IgVersion> Unsorted(IReadOnlyList<IgVersion> versions)
    {
        if (versions.Count < 2) return versions;
        var min = versions.MinBy(v => (long)v.Width * v.Height)!;
        var max = versions.MaxBy(v => (long)v.Width * v.Height)!;
        var list = new List<IgVersion> { min };
        if (!ReferenceEquals(max, min)) list.Add(max);
        list.AddRange(versions.Where(v => !ReferenceEquals(v, min) && !ReferenceEquals(v, max)));
        return list;
    }

    private static string DashManifest(IgItem item)
    {
        var duration = item.VideoDuration ?? 10.0;
        var d = "PT" + duration.ToString("0.###", CultureInfo.InvariantCulture) + "S";
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" minBufferTime=\"PT1.500S\" type=\"static\" mediaPresentationDuration=\"")
          .Append(d).Append("\" maxSegmentDuration=\"PT0S\" profiles=\"urn:mpeg:dash:profile:isoff-on-demand:2011,http://dashif.org/guidelines/dash264\"><Period id=\"0\" duration=\"")
          .Append(d).Append("\"><AdaptationSet id=\"0\" contentType=\"video\" subsegmentAlignment=\"true\" par=\"9:16\">");
        var best = item.Videos.OrderByDescending(v => (long)v.Width * v.Height).FirstOrDefault();
        var n = 0;
        if (best != null)
        {
            // a VP9 representation at 1.5× the best progressive version, as offered to Chrome UAs (docs/instagram-web.md §8)
            var w = best.Width * 3 / 2 / 2 * 2;
            var h = best.Height * 3 / 2 / 2 * 2;
            sb.Append("<Representation id=\"").Append(Digits("dash:vp9:" + item.Pk, 16)).Append("v\" bandwidth=\"2124350\" codecs=\"vp09.00.31.08.00.01.01.01.00\" mimeType=\"video/mp4\" sar=\"1:1\" width=\"")
              .Append(w).Append("\" height=\"").Append(h).Append("\" FBQualityClass=\"hd\" FBQualityLabel=\"").Append(Math.Min(w, h)).Append("p\"><BaseURL>")
              .Append(XmlEscape(best.Url + "&efg=dash_vp9")).Append("</BaseURL><SegmentBase indexRange=\"830-893\" timescale=\"15360\"><Initialization range=\"0-829\"/></SegmentBase></Representation>");
        }
        foreach (var v in item.Videos)
        {
            sb.Append("<Representation id=\"").Append(Digits("dash:" + n++ + ":" + item.Pk, 16)).Append("v\" bandwidth=\"").Append((long)v.Width * v.Height * 2)
              .Append("\" codecs=\"avc1.64001F\" mimeType=\"video/mp4\" sar=\"1:1\" width=\"").Append(v.Width).Append("\" height=\"").Append(v.Height)
              .Append("\" FBQualityClass=\"sd\" FBQualityLabel=\"").Append(Math.Min(v.Width, v.Height)).Append("p\"><BaseURL>").Append(XmlEscape(v.Url))
              .Append("</BaseURL><SegmentBase indexRange=\"824-887\" timescale=\"12800\"><Initialization range=\"0-823\"/></SegmentBase></Representation>");
        }
        sb.Append("</AdaptationSet><AdaptationSet id=\"1\" contentType=\"audio\" subsegmentAlignment=\"true\"><Representation id=\"")
          .Append(Digits("dash:audio:" + item.Pk, 16)).Append("ad\" bandwidth=\"65049\" codecs=\"mp4a.40.5\" mimeType=\"audio/mp4\" audioSamplingRate=\"44100\"><AudioChannelConfiguration schemeIdUri=\"urn:mpeg:dash:23003:3:audio_channel_configuration:2011\" value=\"2\"/></Representation></AdaptationSet></Period></MPD>");
        return sb.ToString();
    }

    private static string XmlEscape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

    // ---------------------------------------------------------------- highlights_tray

    public static byte[] HighlightsTray(IgUser? owner, IReadOnlyList<IgHighlight> highlights)
    {
        return Write(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("tray");
            w.WriteStartArray();
            foreach (var h in highlights)
            {
                var items = h.Items.OrderBy(i => i.TakenAt).ToList();
                w.WriteStartObject();
                w.WriteString("id", "highlight:" + h.Id);
                w.WriteString("strong_id__", "highlight:" + h.Id);
                w.WriteNumber("latest_reel_media", items.Count == 0 ? 0 : items[^1].TakenAt);
                w.WriteNull("seen");
                w.WriteBoolean("can_reply", false);
                w.WriteBoolean("can_gif_quick_reply", false);
                w.WriteBoolean("can_reshare", true);
                w.WriteBoolean("can_react_with_avatar", false);
                w.WriteString("reel_type", "highlight_reel");
                w.WritePropertyName("cover_media");
                WriteCoverMedia(w, owner!, items);
                w.WriteString("title", h.Title);
                w.WriteNumber("created_at", items.Count == 0 ? 0 : items[0].TakenAt + 3600);
                w.WriteBoolean("is_pinned_highlight", false);
                w.WriteNumber("media_count", items.Count);
                w.WritePropertyName("user");
                WriteUserSummary(w, owner!, verified: false);
                w.WriteBoolean("is_converted_to_clips", false);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteBoolean("show_empty_state", false);
            w.WriteString("status", "ok");
            w.WriteEndObject();
        });
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer))
        {
            body(w);
        }
        return buffer.WrittenSpan.ToArray();
    }

    internal static string ProfilePicUrl(string userId, int size)
    {
        var a = Digits("pp1:" + userId, 9);
        var b = Digits("pp2:" + userId, 17);
        return $"https://{CdnHost}/v/t51.2885-19/{a}_{b}_{Digits("pp3:" + userId, 19)}_n.jpg?stp=dst-jpg_s{size}x{size}_tt6&_nc_ht={CdnHost}&_nc_cat=1&_nc_oc=Q6cZ2Q&_nc_ohc={Token("ohc:" + userId, 12)}&oh=00_{Token("oh:" + userId + size, 43)}&oe=6930A1B2";
    }

    internal static string Digits(string seed, int count)
    {
        var h = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var sb = new StringBuilder(count);
        var i = 0;
        while (sb.Length < count)
        {
            var d = h[i++ % h.Length] % 10;
            if (sb.Length == 0 && d == 0) d = 1;
            sb.Append((char)('0' + d));
        }
        return sb.ToString();
    }

    internal static string Token(string seed, int count)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var sb = new StringBuilder(count);
        var counter = 0;
        while (sb.Length < count)
        {
            foreach (var b in SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}#{counter++}")))
            {
                if (sb.Length == count) break;
                sb.Append(alphabet[b & 63]);
            }
        }
        return sb.ToString();
    }
}
