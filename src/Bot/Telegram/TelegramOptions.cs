using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace StoryBot.Bot.Telegram;

public sealed partial class TelegramOptions
{
    public const string Section = "Telegram";

    /// <summary>From BotFather: digits, a colon, then the secret. Never logged.</summary>
    public string BotToken { get; set; } = "";

    /// <summary>Point at a local Bot API server (or a test fake) instead of Telegram's.</summary>
    [Required]
    public Uri ApiBaseUrl { get; set; } = new("https://api.telegram.org");

    /// <summary>Users who may use the bot; empty means everyone.</summary>
    public long[] AllowedUserIds { get; set; } = [];

    /// <summary>Users who get admin commands and operational alerts.</summary>
    public long[] AdminUserIds { get; set; } = [];

    /// <summary>Shortest gap between two messages to a private chat (Telegram allows about one a second).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MessageInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Shortest gap between two messages to a group (Telegram allows 20 a minute).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan GroupMessageInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>In groups, only the group's admins may change what it follows.</summary>
    public bool GroupAdminsOnly { get; set; } = true;

    /// <summary>How long connecting to Telegram may take; a blackholed Telegram fails fast instead of hanging.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The deadline of a send that uploads nothing (a text, a file_id); uploads get more, see below.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The slowest upload speed a send is given time for: an upload's deadline grows by its bytes at this rate.</summary>
    [Range(1_000, 1_000_000_000)]
    public long UploadBytesPerSecond { get; set; } = 250_000;

    [GeneratedRegex("^[0-9]{1,16}:[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    /// <summary>Checks the token's shape without ever echoing it.</summary>
    public static string? ValidateToken(string? token) =>
        string.IsNullOrWhiteSpace(token)
            ? "Telegram:BotToken is not set. Create a bot with @BotFather and set the token, e.g. Telegram__BotToken=123456:ABC… in the environment."
            : TokenPattern().IsMatch(token.Trim())
                ? null
                : "Telegram:BotToken is malformed: expected the form <digits>:<secret> that @BotFather gives.";
}
