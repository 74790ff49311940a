using Microsoft.Extensions.Logging;
using StoryBot.Core.Storage;

namespace StoryBot.Bot.Commands;

/// <summary>
/// The subscription commands' reads and writes: a database that fails is logged and becomes null (default), so
/// the command can tell the chat <see cref="Trouble"/> instead of failing the whole update.
/// </summary>
public static class StorageCalls
{
    public const string Trouble = "I can't reach my database right now, so nothing was changed. Please try again in a moment.";

    public static T? Try<T>(ILogger logger, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (StorageErrors.Is(ex))
        {
            logger.LogError(ex, "Database error");
            return default;
        }
    }
}
