namespace StoryBot.Core.Delivery;

/// <summary>A group that became a supergroup during a delivery, and its new id.</summary>
public sealed record ChatMove(long From, long To);
