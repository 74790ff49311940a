namespace StoryBot.Core.Delivery;

/// <summary>What happens to the items a chat did not get.</summary>
public enum FailurePolicy
{
    /// <summary>A command: the chat is told about every failure at once, and nothing is counted.</summary>
    ReportNow,

    /// <summary>
    /// A poll: each failure counts one attempt in the ledger and the item comes again at the next poll; the chat
    /// is told only about items given up (after <see cref="Storage.DeliveryLedger.MaxAttempts"/> attempts, or at
    /// once when trying again cannot help).
    /// </summary>
    RetryAtNextPoll,
}
