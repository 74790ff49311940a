using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace StoryBot.Core.Storage;

/// <summary>Opens the database at start-up, so that a file that is in use or damaged stops the bot with one clear line.</summary>
public static class StorageCheck
{
    /// <summary>Another process holds the database.</summary>
    public const int InUseExitCode = 4;

    /// <summary>The database file cannot be read (damaged, or written by a newer StoryBot).</summary>
    public const int UnreadableExitCode = 5;

    public static StartupProblem? Open(IServiceProvider services)
    {
        var path = Path.GetFullPath(services.GetRequiredService<IOptions<StorageOptions>>().Value.DatabasePath);
        try
        {
            services.GetRequiredService<StoryDatabase>();
            return null;
        }
        catch (DatabaseInUseException ex)
        {
            return new StartupProblem(InUseExitCode, ex.Message);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new StartupProblem(UnreadableExitCode,
                $"The database {path} cannot be read ({ex.Message.ReplaceLineEndings(" ")}). Move it aside and start again: see \"Recovering the database\" in the README.");
        }
    }
}
