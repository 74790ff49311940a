namespace StoryBot.Core.Delivery;

/// <summary>How far one chat's share of a delivery is: albums done (sent or given up) and items Telegram accepted.</summary>
public sealed record DeliveryProgress(long ChatId, int AlbumsDone, int Albums, int ItemsSent, int Items);
