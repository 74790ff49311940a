using Telegram.Bot;

namespace StoryBot.Bot.Telegram;

/// <summary>The Telegram client used for story delivery: its built-in 429 retry is off (see TelegramStoryDelivery).</summary>
public sealed record UploadBotClient(ITelegramBotClient Bot);
