namespace StoryBot.Core.Storage.Documents;

/// <summary>
/// An Instagram account's numeric id and the username it was last seen under. Id = the user id: it never changes,
/// so it is kept for good; the username is what moves (a rename), and is indexed for lookups.
/// </summary>
internal sealed class InstagramAccountDocument
{
    public string Id { get; set; } = "";

    /// <summary>Lower case; "" once another account took the name.</summary>
    public string Username { get; set; } = "";

    public string? FullName { get; set; }
    public bool IsPrivate { get; set; }
    public DateTime FirstSeenAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public InstagramAccount ToRecord() => new(Id, Username, FullName, IsPrivate);
}
