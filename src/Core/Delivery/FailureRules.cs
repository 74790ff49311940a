using StoryBot.Core.Outbox;

namespace StoryBot.Core.Delivery;

/// <summary>The failure policy's rules, apart from storage so they can be read and tested on their own.</summary>
public static class FailureRules
{
    /// <summary>
    /// Shutting down, Telegram asking us to wait, or our own disk or converter failing is not the item's fault: it
    /// costs no attempt, and a poll keeps it for next time without telling the chat.
    /// </summary>
    public static bool CountsAsAttempt(FailureReason reason) =>
        reason is not (FailureReason.Cancelled or FailureReason.TelegramBusy or FailureReason.LocalFault);

    /// <summary>Failures that trying again will not change: the item is given up at once.</summary>
    public static bool IsFinal(FailureReason reason) =>
        reason is FailureReason.NoMediaLink or FailureReason.HostNotAllowed or FailureReason.TooLarge or FailureReason.Unconvertible;

    /// <summary>
    /// The failures the chat is told about now. Under <see cref="FailurePolicy.RetryAtNextPoll"/> each failure that
    /// counts is handed to <paramref name="recordAttempt"/> (with whether it is final), which answers whether the
    /// item is now given up; only those are told.
    /// </summary>
    public static IReadOnlyList<ItemFailure> ToTell(FailurePolicy policy, IReadOnlyList<ItemFailure> failures, Func<ItemFailure, bool, bool> recordAttempt)
    {
        if (policy == FailurePolicy.ReportNow)
            return failures;
        return failures.Where(failure => CountsAsAttempt(failure.Reason) && recordAttempt(failure, IsFinal(failure.Reason))).ToList();
    }
}
