using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StoryBot.Bot;
using StoryBot.Bot.Telegram;

var builder = BotHost.CreateBuilder(args);

// A missing or malformed token is the most common set-up mistake: one clear line, no stack trace.
if (TelegramOptions.ValidateToken(builder.Configuration[$"{TelegramOptions.Section}:BotToken"]) is { } tokenError)
{
    Console.Error.WriteLine(tokenError);
    return 2;
}

try
{
    using var host = builder.Build();
    await host.RunAsync();
    return Environment.ExitCode;
}
catch (OptionsValidationException ex)
{
    Console.Error.WriteLine($"Invalid configuration: {string.Join(" ", ex.Failures)}");
    return 2;
}
