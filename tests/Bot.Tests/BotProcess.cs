using System.Diagnostics;

namespace StoryBot.Bot.Tests;

/// <summary>The bot as a real process (dotnet StoryBot.dll), configured through its environment as an operator would.</summary>
internal static class BotProcess
{
    private static readonly string BotDll = Path.Combine(AppContext.BaseDirectory, "StoryBot.dll");

    /// <summary>How a run ended: the exit code, what it printed, and how long it took.</summary>
    public sealed record Run(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
    {
        public string[] ErrorLines => StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <param name="environment">Settings as "Section:Key" (turned into Section__Key variables); PATH may be set too.</param>
    /// <param name="command">A command argument such as "healthcheck", or null to run the bot.</param>
    public static Process Start(IDictionary<string, string?> environment, string? command = null)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { BotDll },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (command is not null)
            startInfo.ArgumentList.Add(command);
        // Start from a clean slate: no token inherited from whoever runs the tests.
        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("Telegram__", StringComparison.Ordinal)).ToList())
            startInfo.Environment.Remove(key);
        foreach (var (key, value) in environment)
            startInfo.Environment[key.Replace(":", "__")] = value;
        return Process.Start(startInfo)!;
    }

    /// <summary>Runs until the process exits (killed after <paramref name="timeout"/>).</summary>
    public static async Task<Run> RunToEndAsync(IDictionary<string, string?> environment, TimeSpan timeout, string? command = null)
    {
        var watch = Stopwatch.StartNew();
        using var process = Start(environment, command);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }

        return new Run(process.ExitCode, await stdout, await stderr, watch.Elapsed);
    }
}
