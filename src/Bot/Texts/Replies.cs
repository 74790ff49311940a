using StoryBot.Bot.Telegram;
using StoryBot.Core.Outbox;
using StoryBot.Core.Sources;
using StoryBot.Core.Sources.Snapchat;

namespace StoryBot.Bot.Texts;

/// <summary>Everything the bot says, in plain words, in one place. Plain text: no parse mode, nothing to escape.</summary>
public static class Replies
{
    public const string Help =
        "I bring public Snapchat and Instagram stories into this chat.\n\n" +
        "/snap <username> — the current Snapchat story, e.g. /snap coastal_ivy\n" +
        "/snap <username> highlights — saved highlights\n" +
        "/snap <username> spotlight — spotlight videos\n" +
        "/insta <username> — the current Instagram story, e.g. /insta river.lane\n" +
        "/insta <username> highlights — Instagram highlights\n" +
        "/insta <link to one story item or highlight> — just that item or highlight; id:<digits> works for an account\n" +
        "Profile links work too: /snap https://www.snapchat.com/add/coastal_ivy (in a private chat, the link alone), " +
        "and so do Snapchat share links (t.snapchat.com/…) and spotlight links\n\n" +
        "/subscribe <snap|insta> <username> — new stories arrive here by themselves\n" +
        "/unsubscribe <snap|insta> <username> — stop following\n" +
        "/subscriptions — what this chat follows, with a button to unsubscribe each\n" +
        "/poll — check this chat's accounts now\n" +
        "/cancel — stop what I'm doing for this chat\n\n" +
        "For a channel: add me as an administrator allowed to post, then in this private chat " +
        "/subscribe snap coastal_ivy @yourchannel (and /subscriptions @yourchannel, /unsubscribe … @yourchannel).\n" +
        "/help — this message";

    public const string NotAllowed = "Sorry, this bot is private.";

    public const string AdminsOnly = "Only this group's admins can change what it follows.";

    public const string OutOfDateButton = "This button is out of date.";

    public const string ChannelsFromPrivateChat =
        "A channel is set up from a private chat with me: send the same command there, with the channel at the end.";

    public static string InvalidChannel(string input) =>
        $"“{Shorten(input)}” is not a channel. Name it as @channelname or by its id (-100…).";

    public static string ForChannelCheck(ChannelCheck check, string title) => check switch
    {
        ChannelCheck.NotFound => $"I can't find the channel {title}. Check the name, and add me to it as an administrator first.",
        ChannelCheck.NotAChannel => $"{title} is not a channel. To follow an account in a group, send the command in that group.",
        ChannelCheck.BotNotAdmin => $"I'm not an administrator of {title}. Add me as an administrator allowed to post messages, then try again.",
        ChannelCheck.BotCannotPost => $"I'm an administrator of {title} but may not post messages there. Allow me to post messages, then try again.",
        ChannelCheck.UserNotAdmin => $"Only the owner and administrators of {title} can change what it follows.",
        _ => "I couldn't reach Telegram to check that channel. Please try again in a moment.",
    };

    /// <summary>The offer under a command's story, in a chat that does not follow the account yet.</summary>
    public static string FollowOffer(Platform platform, string username) =>
        $"Get {AccountLinks.Mark(platform, username)}'s new stories here as they come?";

    public const string FollowButton = "Follow";

    public const string NothingToCancel = "Nothing to cancel: I'm not working on anything for this chat.";

    /// <summary>What a cancelled request got done.</summary>
    /// <param name="total">The story's items; null when it was cancelled before the story was read.</param>
    public static string Cancelled(int sent, int? total) =>
        total is not { } all ? "Cancelled before anything was sent."
        : sent == 0 ? $"Cancelled: none of the {all} items was sent."
        : $"Cancelled: {sent} of {all} items were sent, the other {all - sent} were not.";

    public static string ProgressCancelled(int sent, int items) => $"stopped by /cancel: {sent} of {items} items sent.";

    /// <summary>The last line of a progress message.</summary>
    public static string ProgressEnded(int sent, int items, int albums) =>
        sent == items ? $"all {albums} albums sent." : $"{sent} of {items} items sent (what could not be is listed below).";

    public const string UnknownCommand = "I don't know that command. Send /help to see what I can do.";

    /// <param name="usernameRule">What a valid username looks like on that platform.</param>
    /// <param name="usage">How the command is used, added on a line of its own.</param>
    public static string InvalidUsername(Platform platform, string usernameRule, string usage, string input) =>
        platform == Platform.Snapchat && SnapchatLink.LooksLikeShortLink(input)
            ? ShortLinkNotOpened(usage)
            : $"“{Shorten(input)}” is not {WithArticle(PlatformName(platform))} username. {usernameRule}\n{usage}";

    /// <summary>A short link that is malformed, or that did not lead to a Snapchat profile or spotlight.</summary>
    public static string ShortLinkNotOpened(string usage) =>
        $"I can't open that Snapchat short link. Send the username, or the link of the profile page (snapchat.com/add/…).\n{usage}";

    /// <summary>A spotlight link whose page did not give the spotlight; its creator is not known then.</summary>
    public static string ForSpotlight(StoryFetchResult result) => result.Outcome switch
    {
        FetchOutcome.NotFound => "I couldn't find that Snapchat spotlight: it may have been deleted.",
        _ => "Snapchat blocked or changed the spotlight's page, so I couldn't read it right now. Please try again later.",
    };

    /// <summary>Snapchat's profile page holds about 20 highlights and spotlights, and nothing pages further.</summary>
    public static string MoreNotShown(StoryAccount account, StoryKind kind) =>
        $"Snapchat's web page shows at most about {SnapchatItems.PageShowsAtMost} {(kind == StoryKind.Spotlight ? "spotlight videos" : "highlights")}, " +
        $"and {AccountLinks.Mark(account)}'s is full: older ones may exist that only the Snapchat app shows.";

    public static string UnknownKind(IReadOnlyList<StoryKind> kinds, string usage, string word) =>
        $"“{Shorten(word)}” is not something I can fetch: choose {OneOf(kinds.Select(StoryKindNames.Name).ToList())}.\n{usage}";

    public static string ForOutcome(StoryFetchResult result, StoryKind kind, DateTimeOffset now) => result.Outcome switch
    {
        FetchOutcome.NotFound => $"I couldn't find {WithArticle(PlatformName(result.Account.Platform))} account called {AccountLinks.Mark(result.Account)}.",
        FetchOutcome.NotPublic => $"{AccountLinks.Mark(result.Account)} is a private {PlatformName(result.Account.Platform)} account: its story can't be seen from outside the app.",
        FetchOutcome.Unavailable =>
            $"{PlatformName(result.Account.Platform)} won't show {AccountLinks.Mark(result.Account)} to the bot: the account is age-restricted or limited, or it blocked the bot's account.",
        FetchOutcome.NoCurrentStory => kind switch
        {
            StoryKind.Highlights => $"{AccountLinks.Mark(result.Account)} has no public highlights.",
            StoryKind.Spotlight => $"{AccountLinks.Mark(result.Account)} has no spotlight videos.",
            _ => $"{AccountLinks.Mark(result.Account)} has no story right now.",
        },
        FetchOutcome.BlockedOrChanged =>
            $"{PlatformName(result.Account.Platform)} blocked or changed the page, so I couldn't read {AccountLinks.Mark(result.Account)} right now. Please try again later.",
        FetchOutcome.SessionMissing =>
            "Instagram stories need a logged-in Instagram session, and none is set up. The bot's operator can set " +
            "Instagram:SessionId to the sessionid cookie of an Instagram account (see the README).",
        FetchOutcome.SessionExpired =>
            "The bot's Instagram session expired, so I can't read Instagram right now. The bot's operator has been told and can replace it without a restart.",
        // A highlight link names no account until Instagram answers; then there is no name to show.
        FetchOutcome.Gone when result.Account.Username.Contains('/', StringComparison.Ordinal) =>
            "That Instagram highlight is no longer there: its owner may have deleted it.",
        FetchOutcome.Gone =>
            $"That story item from {AccountLinks.Mark(result.Account)} is no longer there: story items last 24 hours. /insta {result.Account.Username} brings what is up now.",
        FetchOutcome.RateLimited =>
            $"Instagram is limiting how often the bot may ask. Please try again later{InAbout(result.RetryAt, now)}.",
        FetchOutcome.SessionCheckpoint =>
            "Instagram asked the bot's account to confirm a login, so Instagram is paused until the operator deals with it.",
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.Outcome, "not a failure"),
    };

    public const string Busy = "I'm still working on this chat's earlier requests. Please send that again in a moment.";

    public const string FetchCrashed = "Something went wrong on my side while fetching that. Please try again in a moment.";

    /// <summary>Lines listed before "…and N more": the whole report stays far below Telegram's 4096 characters.</summary>
    private const int MaxListedFailures = 15;

    public static string Failures(StoryAccount account, IReadOnlyList<ItemFailure> failures)
    {
        var noun = failures.Count == 1 ? "item" : "items";
        var lines = new List<string> { $"{failures.Count} {noun} from {AccountLinks.Mark(account)} could not be sent:" };
        // Grouped by reason, so a CDN outage over 70 snaps reads as one line, not seventy.
        foreach (var group in failures.GroupBy(failure => failure.Reason))
        {
            if (group.Count() > 3)
            {
                lines.Add($"• {group.Count()} items — {Describe(group.Key)}");
                continue;
            }

            lines.AddRange(group.Select(failure =>
                $"• {(failure.Item.Kind == MediaKind.Video ? "video" : "photo")}{When(failure.Item)} — {Describe(failure.Reason)}"));
        }

        if (lines.Count > MaxListedFailures + 1)
            lines = [.. lines.Take(MaxListedFailures + 1), $"…and {lines.Count - MaxListedFailures - 1} more"];
        return string.Join('\n', lines);
    }

    public static string PlatformName(Platform platform) => platform switch
    {
        Platform.Snapchat => "Snapchat",
        Platform.Instagram => "Instagram",
        _ => platform.ToString(),
    };

    private static string When(StoryItem item) =>
        item.TakenAt == DateTimeOffset.MinValue ? "" : $" from {item.TakenAt.UtcDateTime:d MMM HH:mm} UTC";

    private static string Describe(FailureReason reason) => reason switch
    {
        FailureReason.NoMediaLink => "the page had no link to it",
        FailureReason.HostNotAllowed => "its link points to a host I don't download from",
        FailureReason.DownloadFailed => "the download failed",
        FailureReason.SendRefused => "Telegram refused it",
        FailureReason.TooLarge => "it is too large for Telegram (50 MB) even after re-encoding",
        FailureReason.Unconvertible => "it is in a format Telegram can't show and couldn't be converted",
        FailureReason.ChatUnreachable => "this chat can't receive messages",
        FailureReason.TelegramBusy => "Telegram kept asking me to wait",
        FailureReason.Cancelled => "the bot was shutting down",
        FailureReason.LocalFault => "something failed on my side (my disk or video converter), not the item: please try again later",
        _ => reason.ToString(),
    };

    private static string WithArticle(string word) => ("AEIOU".Contains(word[0]) ? "an " : "a ") + word;

    /// <summary>"a", "a or b", "a, b or c".</summary>
    private static string OneOf(IReadOnlyList<string> words) =>
        words.Count <= 1 ? string.Concat(words) : $"{string.Join(", ", words.Take(words.Count - 1))} or {words[^1]}";

    private static string InAbout(DateTimeOffset? retryAt, DateTimeOffset now)
    {
        if (retryAt is not { } at || at <= now)
            return "";
        var minutes = (int)Math.Ceiling((at - now).TotalMinutes);
        return minutes <= 1 ? " (in about a minute)" : $" (in about {minutes} minutes)";
    }

    /// <summary>Echoes user input only in a short, single-line form.</summary>
    private static string Shorten(string input)
    {
        var oneLine = input.ReplaceLineEndings(" ");
        return oneLine.Length <= 40 ? oneLine : oneLine[..40] + "…";
    }
}
