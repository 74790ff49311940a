namespace StoryBot.Core.Sources.Instagram;

/// <summary>What a pasted Instagram reference names.</summary>
public enum InstagramTargetKind
{
    /// <summary>An account by username: its story or highlights.</summary>
    Username,

    /// <summary>An account by numeric id (<c>id:123</c>): no lookup needed.</summary>
    UserId,

    /// <summary>One item of an account's story (<c>/stories/{u}/{mediaId}/</c>).</summary>
    StoryItem,

    /// <summary>One highlight (<c>/stories/highlights/{id}/</c> or the <c>/s/…</c> share form).</summary>
    Highlight,
}
