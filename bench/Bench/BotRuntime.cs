using System.Diagnostics;

namespace StoryBot.Bench;

/// <summary>The .NET runtime settings the Dockerfile runs the bot with, given to every process that stands for the bot here.</summary>
public static class BotRuntime
{
    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>
    {
        ["DOTNET_gcServer"] = "0",
        ["DOTNET_GCgen0MaxBudget"] = "0x1000000",
    };

    public static void Apply(ProcessStartInfo startInfo)
    {
        foreach (var (name, value) in Environment)
            startInfo.Environment[name] = value;
    }
}
