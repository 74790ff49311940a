using Microsoft.Extensions.Options;

namespace StoryBot.Bot.Telegram;

public sealed class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramOptions options) =>
        TelegramOptions.ValidateToken(options.BotToken) is { } error
            ? ValidateOptionsResult.Fail(error)
            : ValidateOptionsResult.Success;
}
