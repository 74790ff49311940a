using System.ComponentModel.DataAnnotations;

namespace StoryBot.Core.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The LiteDB file; its folder is created if missing. In Docker it lives on the data volume.</summary>
    [Required]
    public string DatabasePath { get; set; } = "data/bot.db";

    /// <summary>Delivery records older than this are pruned (stories live 24 h; 30 days is ample).</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 30;
}
