using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StoryBot.Bot;
using StoryBot.Bot.Health;
using StoryBot.Bot.Telegram;
using StoryBot.Core;
using StoryBot.Core.Storage;

var builder = BotHost.CreateBuilder(args);

if (args is ["healthcheck", ..])
    return HealthCheck.Run(builder.Configuration);

// A missing or malformed token is the most common set-up mistake: one clear line, no stack trace.
if (TelegramOptions.ValidateToken(builder.Configuration[$"{TelegramOptions.Section}:BotToken"]) is { } tokenError)
{
    Console.Error.WriteLine(tokenError);
    return ConfigurationCheck.ExitCode;
}

using var host = builder.Build();

// Every bad setting at once, then the database (in use by another process, or unreadable): each stops the bot
// with one line and its own exit code (README, "Exit codes") instead of a stack trace.
if ((ConfigurationCheck.Run(host.Services) ?? StorageCheck.Open(host.Services)) is { } problem)
{
    Console.Error.WriteLine(problem.Message);
    return problem.ExitCode;
}

try
{
    await host.RunAsync();
    return Environment.ExitCode;
}
catch (OptionsValidationException ex)
{
    Console.Error.WriteLine($"Invalid configuration: {string.Join(" ", ex.Failures)}");
    return ConfigurationCheck.ExitCode;
}
