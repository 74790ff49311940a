using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using StoryBot.Core.Outbox;

namespace StoryBot.Core.Tests.Outbox;

/// <summary>
/// The outbox against a mocked transport: Telegram is outside the unit, and a mock states each of its answers
/// (429, blocked, moved) more plainly than a fake server would.
/// </summary>
public class ChatOutboxTests
{
    private static ChatOutbox Outbox(IChatTransport transport, int maxRetries = 5) => new(
        Options.Create(new PipelineOptions { MaxRateLimitRetries = maxRetries, LongestRateLimitWait = TimeSpan.FromSeconds(2), MessagesPerSecond = 1000 }),
        transport, TimeProvider.System, NullLogger<ChatOutbox>.Instance);

    [Fact]
    public async Task A_lane_keeps_its_turn_until_closed_so_a_later_one_waits()
    {
        var sent = new List<string>();
        var transport = new Mock<IChatTransport>();
        transport.Setup(t => t.SendTextAsync(It.IsAny<ChatPlace>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<ChatPlace, string, CancellationToken>((_, text, _) => { lock (sent) sent.Add(text); })
            .Returns(Task.CompletedTask);
        using var outbox = Outbox(transport.Object);

        var first = outbox.Open([5]).Single();
        var second = outbox.Open([5]).Single();
        var later = second.SendTextAsync("second", CancellationToken.None);
        await first.SendTextAsync("first 1", CancellationToken.None);
        await Task.Delay(100);
        Assert.False(later.IsCompleted);                                           // still the first lane's turn
        await first.SendTextAsync("first 2", CancellationToken.None);
        first.Dispose();

        Assert.IsType<SendResult.Sent>(await later.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(["first 1", "first 2", "second"], sent);
    }

    [Fact]
    public async Task A_short_retry_after_is_waited_out_and_the_message_goes_once()
    {
        var calls = 0;
        var transport = new Mock<IChatTransport>();
        transport.Setup(t => t.SendTextAsync(7, "hi", It.IsAny<CancellationToken>()))
            .Returns(() => ++calls == 1 ? Task.FromException(new DeliveryRateLimitedException(TimeSpan.FromMilliseconds(300))) : Task.CompletedTask);
        using var outbox = Outbox(transport.Object);
        using var lane = outbox.Open([7]).Single();

        var started = DateTimeOffset.UtcNow;
        var result = await lane.SendTextAsync("hi", CancellationToken.None);

        Assert.IsType<SendResult.Sent>(result);
        Assert.Equal(2, calls);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromMilliseconds(290), "the retry waited for retry_after");
    }

    [Fact]
    public async Task A_chat_that_keeps_flooding_is_given_up_after_the_retries_and_stays_paused()
    {
        var transport = new Mock<IChatTransport>();
        transport.Setup(t => t.SendTextAsync(8, It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DeliveryRateLimitedException(TimeSpan.FromMilliseconds(200)));
        using var outbox = Outbox(transport.Object, maxRetries: 2);
        using var lane = outbox.Open([8]).Single();

        var result = await lane.SendTextAsync("hi", CancellationToken.None);

        Assert.Equal(TimeSpan.FromMilliseconds(200), Assert.IsType<SendResult.Busy>(result).RetryAfter);
        transport.Verify(t => t.SendTextAsync(8, "hi", It.IsAny<CancellationToken>()), Times.Exactly(3));   // 1 + 2 retries
    }

    [Fact]
    public async Task Telegrams_final_answers_become_results_not_exceptions()
    {
        var transport = new Mock<IChatTransport>();
        transport.Setup(t => t.SendTextAsync(1, It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(new ChatUnreachableException(1, "Forbidden: bot was blocked by the user"));
        transport.Setup(t => t.SendTextAsync(2, It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(new ChatMigratedException(2, -1002));
        transport.Setup(t => t.SendTextAsync(3, It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("Bad Request: message is too long"));
        using var outbox = Outbox(transport.Object);
        var lanes = outbox.Open([1, 2, 3]);

        Assert.IsType<SendResult.Unreachable>(await lanes[0].SendTextAsync("x", CancellationToken.None));
        Assert.Equal(-1002, Assert.IsType<SendResult.Moved>(await lanes[1].SendTextAsync("x", CancellationToken.None)).NewChatId);
        Assert.Contains("too long", Assert.IsType<SendResult.Refused>(await lanes[2].SendTextAsync("x", CancellationToken.None)).Reason);
        foreach (var lane in lanes)
            lane.Dispose();
        Assert.Equal(0, outbox.Waiting);
    }

    [Fact]
    public async Task A_reply_to_a_group_that_moved_goes_to_the_supergroup_once()
    {
        var arrived = new TaskCompletionSource<long>();
        var transport = new Mock<IChatTransport>();
        transport.Setup(t => t.SendTextAsync(-4001, "reply", It.IsAny<CancellationToken>())).ThrowsAsync(new ChatMigratedException(-4001, -1004001));
        transport.Setup(t => t.SendTextAsync(-1004001, "reply", It.IsAny<CancellationToken>()))
            .Callback(() => arrived.TrySetResult(-1004001)).Returns(Task.CompletedTask);
        using var outbox = Outbox(transport.Object);

        outbox.EnqueueText(-4001, "reply");

        Assert.Equal(-1004001, await arrived.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        transport.Verify(t => t.SendTextAsync(It.IsAny<ChatPlace>(), "reply", It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task A_long_retry_after_is_honoured_for_everything_sent_to_that_chat_while_other_chats_go_on()
    {
        var sent = new List<(long Chat, string What)>();
        var transport = new Mock<IChatTransport>();
        var first = true;
        transport.Setup(t => t.SendTextAsync(It.IsAny<ChatPlace>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns<ChatPlace, string, CancellationToken>((place, text, _) =>
            {
                if (place.ChatId == 1 && first)
                {
                    first = false;
                    return Task.FromException(new DeliveryRateLimitedException(TimeSpan.FromSeconds(3)));   // over the 2 s a request waits
                }

                lock (sent)
                    sent.Add((place.ChatId, text));
                return Task.CompletedTask;
            });
        transport.Setup(t => t.ShowActivityAsync(It.IsAny<ChatPlace>(), It.IsAny<ChatActivity>(), It.IsAny<CancellationToken>()))
            .Callback<ChatPlace, ChatActivity, CancellationToken>((place, _, _) => { lock (sent) sent.Add((place.ChatId, "action")); })
            .Returns(Task.CompletedTask);
        using var outbox = Outbox(transport.Object);

        using (var flooded = outbox.Open([1]).Single())
            Assert.IsType<SendResult.Busy>(await flooded.SendTextAsync("album", CancellationToken.None));
        var started = DateTimeOffset.UtcNow;

        // Meanwhile: another request for chat 1 gives up at once instead of waiting, its chat action is not
        // shown, and chat 2 is served as usual.
        using (var again = outbox.Open([1]).Single())
            Assert.IsType<SendResult.Busy>(await again.SendTextAsync("next poll", CancellationToken.None));
        await outbox.ShowActivityAsync(1, ChatActivity.UploadingVideo, CancellationToken.None);
        using (var other = outbox.Open([2]).Single())
            Assert.IsType<SendResult.Sent>(await other.SendTextAsync("other chat", CancellationToken.None));
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(1));
        Assert.Equal([(2L, "other chat")], sent);

        await Task.Delay(TimeSpan.FromSeconds(3.1) - (DateTimeOffset.UtcNow - started));
        using (var later = outbox.Open([1]).Single())
            Assert.IsType<SendResult.Sent>(await later.SendTextAsync("after the wait", CancellationToken.None));
        Assert.Equal((1L, "after the wait"), sent[^1]);
    }

    [Fact]
    public async Task A_step_of_the_wall_clock_neither_freezes_a_chat_nor_floods_it()
    {
        var sent = new List<DateTimeOffset>();
        var transport = new Mock<IChatTransport>();
        transport.Setup(t => t.PacingFor(It.IsAny<long>())).Returns(TimeSpan.FromMilliseconds(500));
        transport.Setup(t => t.SendTextAsync(It.IsAny<ChatPlace>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback(() => { lock (sent) sent.Add(DateTimeOffset.UtcNow); })
            .Returns(Task.CompletedTask);
        var clock = new SteppingClock();
        using var outbox = new ChatOutbox(
            Options.Create(new PipelineOptions { MessagesPerSecond = 10 }), transport.Object, clock, NullLogger<ChatOutbox>.Instance);
        using var lane = outbox.Open([9]).Single();

        await lane.SendTextAsync("one", CancellationToken.None);
        clock.Step(TimeSpan.FromMinutes(-10));                                     // NTP steps the clock back
        await lane.SendTextAsync("two", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        clock.Step(TimeSpan.FromMinutes(20));                                      // …and then forward
        await lane.SendTextAsync("three", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(3, sent.Count);
        Assert.All(sent.Zip(sent.Skip(1)), pair => Assert.InRange((pair.Second - pair.First).TotalMilliseconds, 450, 2000));   // still paced
    }

    [Fact]
    public async Task While_telegram_is_out_every_send_gives_up_at_once_and_one_tries_again_after_the_pause()
    {
        var down = true;
        var calls = 0;
        var transport = new Mock<IChatTransport>();
        transport.Setup(t => t.SendTextAsync(It.IsAny<ChatPlace>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                Interlocked.Increment(ref calls);
                return down ? Task.FromException(new TelegramUnavailableException("no answer")) : Task.CompletedTask;
            });
        using var outbox = Outbox(transport.Object);

        var started = DateTimeOffset.UtcNow;
        foreach (var chat in new long[] { 1, 2, 3, 4 })
        {
            using var lane = outbox.Open([chat]).Single();
            Assert.IsType<SendResult.Busy>(await lane.SendTextAsync("x", CancellationToken.None));
        }

        Assert.Equal(1, calls);                                                      // one try, the others gave up without one
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(1));      // and nobody waited

        down = false;
        await Task.Delay(TimeSpan.FromSeconds(5.2));                                 // the first pause is 5 s
        using (var lane = outbox.Open([5]).Single())
            Assert.IsType<SendResult.Sent>(await lane.SendTextAsync("back", CancellationToken.None));
        Assert.Equal(2, calls);
    }

    /// <summary>The system's clocks, with a wall clock that can be stepped as NTP would step it.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private TimeSpan _offset;

        public void Step(TimeSpan by) => _offset += by;

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;
    }
}
