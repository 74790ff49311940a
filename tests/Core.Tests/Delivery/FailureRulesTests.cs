using StoryBot.Core.Delivery;
using StoryBot.Core.Outbox;
using StoryBot.Core.Sources;

namespace StoryBot.Core.Tests.Delivery;

/// <summary>What a chat is told about the items it did not get, under each failure policy.</summary>
public class FailureRulesTests
{
    private static ItemFailure Failure(string id, FailureReason reason) =>
        new(new StoryItem(id, MediaKind.Photo, null, DateTimeOffset.UnixEpoch, 0), reason) { ChatId = 1 };

    private static readonly IReadOnlyList<ItemFailure> Mixed =
    [
        Failure("busy", FailureReason.TelegramBusy),
        Failure("stopping", FailureReason.Cancelled),
        Failure("nolink", FailureReason.NoMediaLink),
        Failure("big", FailureReason.TooLarge),
        Failure("flaky", FailureReason.DownloadFailed),
        Failure("refused", FailureReason.SendRefused),
    ];

    [Fact]
    public void A_command_is_told_everything_and_nothing_is_counted()
    {
        var told = FailureRules.ToTell(FailurePolicy.ReportNow, Mixed, (_, _) => throw new InvalidOperationException("nothing is recorded for a command"));

        Assert.Equal(Mixed, told);
    }

    [Fact]
    public void A_poll_counts_only_the_items_fault_and_tells_only_what_is_given_up()
    {
        var recorded = new List<(string Id, bool Final)>();
        // The ledger gives up what is final, and "refused" (say its third attempt); "flaky" has attempts left.
        var told = FailureRules.ToTell(FailurePolicy.RetryAtNextPoll, Mixed, (failure, final) =>
        {
            recorded.Add((failure.Item.Id, final));
            return final || failure.Item.Id == "refused";
        });

        Assert.Equal([("nolink", true), ("big", true), ("flaky", false), ("refused", false)], recorded);   // no attempt for busy or shutdown
        Assert.Equal(["nolink", "big", "refused"], told.Select(f => f.Item.Id));
    }

    [Theory]
    [InlineData(FailureReason.NoMediaLink, true)]
    [InlineData(FailureReason.HostNotAllowed, true)]
    [InlineData(FailureReason.TooLarge, true)]
    [InlineData(FailureReason.Unconvertible, true)]
    [InlineData(FailureReason.DownloadFailed, false)]
    [InlineData(FailureReason.SendRefused, false)]
    [InlineData(FailureReason.ChatUnreachable, false)]
    public void Only_failures_that_trying_again_cannot_change_are_final(FailureReason reason, bool final)
    {
        Assert.Equal(final, FailureRules.IsFinal(reason));
    }
}
