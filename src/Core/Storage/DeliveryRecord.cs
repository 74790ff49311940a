using StoryBot.Core.Sources;

namespace StoryBot.Core.Storage;

/// <summary>What the ledger knows of one item for one chat.</summary>
public sealed record DeliveryRecord(
    long ChatId,
    Platform Platform,
    string Username,
    string ItemId,
    bool Delivered,
    bool GivenUp,
    int FailedAttempts);
