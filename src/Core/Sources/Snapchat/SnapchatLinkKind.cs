namespace StoryBot.Core.Sources.Snapchat;

/// <summary>What a pasted Snapchat link points at (docs/snapchat-web.md §1, §11).</summary>
public enum SnapchatLinkKind
{
    /// <summary>A username, or a link to a profile or to one of its snaps or highlights.</summary>
    Profile,

    /// <summary><c>t.snapchat.com/{code}</c>: whose it is only its redirect says.</summary>
    ShortLink,

    /// <summary><c>www.snapchat.com/t/{code}</c>: the same short link, served by the main site.</summary>
    SiteShortLink,

    /// <summary><c>www.snapchat.com/spotlight/{id}</c>: one spotlight video; its page names the creator.</summary>
    Spotlight,
}
