using StoryBot.Bot.Commands;
using StoryBot.Bot.Texts;
using StoryBot.Core.Outbox;
using StoryBot.Core.Sources;

namespace StoryBot.Bot.Tests;

public class RepliesTests
{
    private static readonly StoryAccount Account = new(Platform.Snapchat, "coastal_ivy");

    private static ItemFailure Failure(int i, FailureReason reason) =>
        new(new StoryItem($"id{i}", i % 2 == 0 ? MediaKind.Photo : MediaKind.Video, null, DateTimeOffset.FromUnixTimeSeconds(1_762_300_000 + i * 60), i), reason);

    [Fact]
    public void A_mass_failure_is_summarised_well_under_telegrams_4096_characters()
    {
        var failures = Enumerable.Range(0, 120).Select(i => Failure(i, FailureReason.DownloadFailed))
            .Concat(Enumerable.Range(120, 50).Select(i => Failure(i, FailureReason.HostNotAllowed)))
            .ToList();

        var (text, links) = AccountLinks.Render(Replies.Failures(Account, failures));

        Assert.True(text.Length < 1000, $"{text.Length} characters");
        Assert.StartsWith("170 items from coastal_ivy could not be sent:", text);
        var link = Assert.Single(links);                                            // the account, linked to its profile
        Assert.Equal("coastal_ivy", text.Substring(link.Offset, link.Length));
        Assert.Equal("https://www.snapchat.com/add/coastal_ivy", link.Url);
        Assert.Contains("• 120 items — the download failed", text);
        Assert.Contains("• 50 items — its link points to a host I don't download from", text);
    }

    [Fact]
    public void A_few_failures_are_listed_one_by_one_and_a_long_mix_is_cut_off()
    {
        var few = Replies.Failures(Account, [Failure(1, FailureReason.DownloadFailed), Failure(2, FailureReason.TooLarge)]);
        Assert.Contains("• video from 4 Nov 23:47 UTC — the download failed", few);
        Assert.Contains("• photo from 4 Nov 23:48 UTC — it is too large for Telegram", few);

        var reasons = Enum.GetValues<FailureReason>();
        var mixed = Enumerable.Range(0, 3 * reasons.Length).Select(i => Failure(i, reasons[i % reasons.Length])).ToList();
        var text = Replies.Failures(Account, mixed);
        Assert.True(text.Length < 4096);
        Assert.Contains("…and", text);
    }
}
