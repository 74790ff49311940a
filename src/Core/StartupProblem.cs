namespace StoryBot.Core;

/// <summary>Why the bot cannot start, said in one line, and the exit code that tells a supervisor which case it is.</summary>
public sealed record StartupProblem(int ExitCode, string Message);
