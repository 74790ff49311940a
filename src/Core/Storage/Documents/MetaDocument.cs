namespace StoryBot.Core.Storage.Documents;

/// <summary>The database's schema version, under Id "schema".</summary>
internal sealed class MetaDocument
{
    public string Id { get; set; } = "";
    public int SchemaVersion { get; set; }
}
