namespace StoryBot.Core.Sources.Instagram;

/// <summary>
/// An Instagram reference, checked: an account (by username or id), one item of its story, or one highlight. Its
/// <see cref="Key"/> is what travels through the bot as the "username" of <see cref="IStorySource"/> and reads back
/// with <see cref="InstagramUsername.TryParseTarget"/>: the username itself, <c>id:{digits}</c>, or the canonical link.
/// </summary>
/// <param name="Value">The username (Username, StoryItem), the user id (UserId) or the highlight id (Highlight).</param>
/// <param name="MediaId">For StoryItem: the item's pk.</param>
public sealed record InstagramTarget(InstagramTargetKind Kind, string Value, string? MediaId = null)
{
    public string Key => Kind switch
    {
        InstagramTargetKind.UserId => "id:" + Value,
        InstagramTargetKind.StoryItem => $"instagram.com/stories/{Value}/{MediaId}/",
        InstagramTargetKind.Highlight => $"instagram.com/stories/highlights/{Value}/",
        _ => Value,
    };

    /// <summary>The username when the reference names one; null for ids and highlights.</summary>
    public string? Username => Kind is InstagramTargetKind.Username or InstagramTargetKind.StoryItem ? Value : null;

    /// <summary>The account to follow, when there is one: a story item's link follows its account; a highlight has none.</summary>
    public InstagramTarget? Account => Kind switch
    {
        InstagramTargetKind.StoryItem => new InstagramTarget(InstagramTargetKind.Username, Value),
        InstagramTargetKind.Highlight => null,
        _ => this,
    };

    public override string ToString() => Key;
}
