using StoryBot.Core.Sources;

namespace StoryBot.Core.Pipeline;

/// <summary>Send these items (oldest first) of one account to one chat.</summary>
public sealed record DeliveryRequest(long ChatId, StoryAccount Account, StoryKind Kind, IReadOnlyList<StoryItem> Items);
