using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace StoryBot.Bot.Health;

public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>Touched after every good getUpdates answer. Empty: a file named "heartbeat" beside the database.</summary>
    public string HeartbeatFile { get; set; } = "";

    /// <summary>
    /// The healthcheck fails when the heartbeat is older than this. A long poll comes back within about a minute
    /// (Telegram answers within ~50 s), and polling errors back off to at most 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>The heartbeat's full path, from this section and Storage:DatabasePath.</summary>
    public static string HeartbeatPath(IConfiguration configuration)
    {
        var configured = configuration[$"{Section}:{nameof(HeartbeatFile)}"];
        if (!string.IsNullOrWhiteSpace(configured))
            return Path.GetFullPath(configured);
        var database = Path.GetFullPath(configuration["Storage:DatabasePath"] is { Length: > 0 } path ? path : "data/bot.db");
        return Path.Combine(Path.GetDirectoryName(database)!, "heartbeat");
    }
}
