using StoryBot.Bot.Texts;
using StoryBot.Core.Sources;
using StoryBot.Core.Sources.Instagram;
using StoryBot.Core.Sources.Snapchat;

namespace StoryBot.Bot.Commands;

public delegate bool UsernameParser(string? input, out string username);

/// <summary>What differs between /snap and /insta: the platform, its username rule and the kinds it offers.</summary>
public sealed record StoryCommandSpec(
    string Command,
    Platform Platform,
    UsernameParser TryParseUsername,
    string UsernameRule,
    IReadOnlyList<StoryKind> Kinds,
    string Example)
{
    public static readonly StoryCommandSpec Snapchat = new(
        "snap", Platform.Snapchat, SnapchatUsername.TryParse,
        "Snapchat usernames are 3–15 letters, digits, dots, dashes or underscores.",
        [StoryKind.Stories, StoryKind.Highlights, StoryKind.Spotlight],
        "coastal_ivy");

    public static readonly StoryCommandSpec Instagram = new(
        "insta", Platform.Instagram, InstagramUsername.TryParse,
        "Instagram usernames are 1–30 letters, digits, dots or underscores; id:<digits>, and links to a profile, a story, " +
        "one story item or a highlight work too.",
        [StoryKind.Stories, StoryKind.Highlights],
        "river.lane")
    {
        // A highlight link names no account to follow; a story item's link follows its account.
        TryParseAccount = InstagramUsername.TryParseAccount,
    };

    /// <summary>What /subscribe takes: an account, not one item of it. Null: the same as <see cref="TryParseUsername"/>.</summary>
    public UsernameParser? TryParseAccount { get; init; }

    public string Usage =>
        $"Usage: /{Command} <username or profile link> [{string.Join('|', Kinds.Select(StoryKindNames.Name))}]\nExample: /{Command} {Example}";
}
