using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StoryBot.Core.Delivery;
using StoryBot.Core.Media.Processing;
using StoryBot.Core.Outbox;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;
using StoryBot.Tests.Fakes.Cdn;
using StoryBot.Tests.Fakes.Media;

namespace StoryBot.Core.Tests.Pipeline;

/// <summary>The real delivery (downloads over loopback HTTP, real ffmpeg, real temp files, the outbox) against a fake CDN.</summary>
[Collection(FfmpegCollection.Name)]
public class StoryPipelineTests
{
    private static readonly StoryAccount Account = new(Platform.Snapchat, "coastal_ivy", "Ivy");

    private static StoryItem Photo(string id, string url, int index) =>
        new(id, MediaKind.Photo, new Uri(url), DateTimeOffset.FromUnixTimeSeconds(1_762_300_000 + index), index);

    private static StoryItem Video(string id, string url, int index) =>
        new(id, MediaKind.Video, new Uri(url), DateTimeOffset.FromUnixTimeSeconds(1_762_300_000 + index), index);

    [Fact]
    public async Task Stages_never_exceed_their_bounds_and_each_chat_keeps_its_order()
    {
        await using var cdn = await FakeCdn.StartAsync();
        cdn.Latency = TimeSpan.FromMilliseconds(150);
        var jpeg = await TestMedia.JpegAsync(640, 1136);
        var video = await TestMedia.H264Mp4Async(320, 568, 1.5);
        var delivery = new RecordingTransport { SendDuration = TimeSpan.FromMilliseconds(800) };
        await using var harness = await new PipelineHarness(delivery).StartAsync();

        // 12 chats × 5 items: enough to saturate 8 downloads, 2 ffmpeg and 8 sends at once.
        var requests = Enumerable.Range(1, 12).Select(chat => new DeliveryRequest(chat, Account, StoryKind.Stories,
            Enumerable.Range(0, 5).Select(i => i % 2 == 0
                ? Photo($"c{chat}-{i}", cdn.AddPhoto(jpeg), i)
                : Video($"c{chat}-{i}", cdn.AddVideo(video), i)).ToList())).ToList();

        var completions = new List<Task<DeliveryResult>>();
        foreach (var request in requests)
            completions.Add(harness.Stories.DeliverAsync(request, FailurePolicy.ReportNow, CancellationToken.None));
        var results = await Task.WhenAll(completions).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.All(results, result => Assert.Equal(5, result.Delivered.Count));
        Assert.All(results, result => Assert.Empty(result.Failed));

        Assert.InRange(cdn.MaxConcurrentRequestsObserved, 2, 8);
        Assert.Equal(8, harness.Media.Downloads.Peak);     // the bound is reached, never passed
        Assert.Equal(2, harness.Media.Processing.Peak);
        Assert.InRange(harness.Outbox.Sends.Peak, 2, 8);
        Assert.InRange(delivery.MaxInFlight, 2, 8);
        Assert.Equal(1, delivery.MaxInFlightPerChat);          // never two sends to one chat at once

        foreach (var request in requests)
        {
            var album = Assert.Single(delivery.AlbumsTo(request.Targets[0].ChatId));
            Assert.Equal(request.Items.Select(item => item.Id), album.Files.Select(file => file.ItemId));
        }

        Assert.Empty(harness.LeftoverFiles());
    }

    [Fact]
    public async Task A_failed_item_does_not_sink_the_others_and_is_reported()
    {
        await using var cdn = await FakeCdn.StartAsync();
        var jpeg = await TestMedia.JpegAsync(640, 1136);
        var good1 = cdn.AddPhoto(jpeg);
        var broken = cdn.AddPhoto(jpeg);
        var good2 = cdn.AddPhoto(jpeg);
        cdn.Fail(broken, 404, times: 100);
        var delivery = new RecordingTransport();
        await using var harness = await new PipelineHarness(delivery).StartAsync();

        var items = new[]
        {
            Photo("a", good1, 0), Photo("b", broken, 1), Photo("c", good2, 2),
            new StoryItem("d", MediaKind.Photo, null, DateTimeOffset.FromUnixTimeSeconds(1_762_300_003), 3),
        };
        var result = await harness.DeliverAsync(new DeliveryRequest(7, Account, StoryKind.Stories, items));

        Assert.Equal(["a", "c"], result.Delivered.Select(d => d.Item.Id));
        Assert.Equal(["file-a", "file-c"], result.Delivered.Select(d => d.FileId));
        Assert.Equal(
            [("b", FailureReason.DownloadFailed), ("d", FailureReason.NoMediaLink)],
            result.Failed.Select(f => (f.Item.Id, f.Reason)).OrderBy(f => f.Id));
        Assert.Equal(1, cdn.RequestCount(broken));             // a 404 is not retried

        var report = Assert.Single(delivery.FailureReports);
        Assert.Equal(7, report.ChatId);
        Assert.Equal(2, report.Failures.Count);
        var album = Assert.Single(delivery.Albums);
        Assert.Equal(["a", "c"], album.Files.Select(f => f.ItemId));
        Assert.Empty(harness.LeftoverFiles());
    }

    [Fact]
    public async Task A_failure_report_retried_after_a_429_counts_each_failure_once()
    {
        await using var cdn = await FakeCdn.StartAsync();
        var jpeg = await TestMedia.JpegAsync(320, 568);
        var broken = cdn.AddPhoto(jpeg);
        cdn.Fail(broken, 404, times: 100);
        var delivery = new RecordingTransport { ReportFault = attempt => attempt == 1 ? new DeliveryRateLimitedException(TimeSpan.FromMilliseconds(200)) : null };
        await using var harness = await new PipelineHarness(delivery).StartAsync();

        // As a poll does: "d" has no link: given up at once, so the chat is told. "b" failed its download: attempt 1 of 3.
        var items = new[] { Photo("b", broken, 0), new StoryItem("d", MediaKind.Photo, null, DateTimeOffset.FromUnixTimeSeconds(1_762_300_003), 1) };
        await harness.DeliverAsync(new DeliveryRequest(Account, StoryKind.Stories, items, [new DeliveryTarget(7)]), policy: FailurePolicy.RetryAtNextPoll);

        var report = Assert.Single(delivery.FailureReports);                      // sent on the second try
        Assert.Equal(["d"], report.Failures.Select(f => f.Item.Id));
        var record = harness.Get<DeliveryLedger>().Find(7, Account.Platform, Account.Username, "b")!;
        Assert.Equal(1, record.FailedAttempts);                                    // not 2: the retry did not count it again
        Assert.False(record.GivenUp);
    }

    [Fact]
    public async Task Transient_cdn_faults_are_retried_and_the_bytes_arrive_intact()
    {
        await using var cdn = await FakeCdn.StartAsync();
        var jpeg = await TestMedia.JpegAsync(720, 1280);
        var flaky = cdn.AddPhoto(jpeg);
        var truncated = cdn.AddPhoto(jpeg);
        var reset = cdn.AddPhoto(jpeg);
        var hopeless = cdn.AddPhoto(jpeg);
        cdn.Fail(flaky, 503, times: 2);
        cdn.Truncate(truncated, times: 1);
        cdn.ResetConnection(reset, times: 1);
        cdn.Fail(hopeless, 502, times: 100);
        var delivery = new RecordingTransport();
        await using var harness = await new PipelineHarness(delivery).StartAsync();

        var result = await harness.DeliverAsync(new DeliveryRequest(1, Account, StoryKind.Stories,
            [Photo("flaky", flaky, 0), Photo("truncated", truncated, 1), Photo("reset", reset, 2), Photo("hopeless", hopeless, 3)]));

        Assert.Equal(["flaky", "truncated", "reset"], result.Delivered.Select(d => d.Item.Id));
        Assert.Equal(3, cdn.RequestCount(flaky));
        Assert.Equal(2, cdn.RequestCount(truncated));
        Assert.Equal(2, cdn.RequestCount(reset));
        Assert.Equal(5, cdn.RequestCount(hopeless));            // 5 attempts, then given up
        Assert.Equal(FailureReason.DownloadFailed, Assert.Single(result.Failed).Reason);

        var expected = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(jpeg)));
        Assert.All(Assert.Single(delivery.Albums).Files, file => Assert.Equal(expected, file.Sha256));
    }

    [Fact]
    public async Task Media_on_a_host_that_is_not_allowed_is_never_requested()
    {
        await using var cdn = await FakeCdn.StartAsync();
        await using var elsewhere = await FakeCdn.StartAsync();
        var jpeg = await TestMedia.JpegAsync(320, 568);
        var allowed = cdn.AddPhoto(jpeg);
        // Same server, but reached as "localhost": not on the allow-list (only 127.0.0.1 is).
        var foreign = elsewhere.AddPhoto(jpeg).Replace("127.0.0.1", "localhost");
        var delivery = new RecordingTransport();
        await using var harness = await new PipelineHarness(delivery).StartAsync();

        var result = await harness.DeliverAsync(new DeliveryRequest(1, Account, StoryKind.Stories,
            [Photo("ok", allowed, 0), Photo("foreign", foreign, 1),
             new StoryItem("file", MediaKind.Photo, new Uri("file:///etc/passwd"), DateTimeOffset.UnixEpoch, 2)]));

        Assert.Equal(["ok"], result.Delivered.Select(d => d.Item.Id));
        Assert.All(result.Failed, failure => Assert.Equal(FailureReason.HostNotAllowed, failure.Reason));
        Assert.Empty(elsewhere.RequestedPaths);
        Assert.Contains(harness.Logs.Lines, line => line.Contains("not on Media:AllowedHosts") && line.Contains("localhost"));
    }

    [Fact]
    public async Task Rate_limited_album_is_sent_again_after_retry_after_and_delivered_once()
    {
        await using var cdn = await FakeCdn.StartAsync();
        var jpeg = await TestMedia.JpegAsync(320, 568);
        var delivery = new RecordingTransport
        {
            Fault = (_, attempt) => attempt == 1 ? new DeliveryRateLimitedException(TimeSpan.FromSeconds(1)) : null,
        };
        await using var harness = await new PipelineHarness(delivery).StartAsync();

        var started = DateTimeOffset.UtcNow;
        var result = await harness.DeliverAsync(new DeliveryRequest(5, Account, StoryKind.Stories,
            [Photo("a", cdn.AddPhoto(jpeg), 0), Photo("b", cdn.AddPhoto(jpeg), 1)]));

        Assert.Equal(2, result.Delivered.Count);
        var album = Assert.Single(delivery.Albums);
        Assert.True(album.At - started >= TimeSpan.FromSeconds(1), "the retry waited for retry_after");
        Assert.Empty(harness.LeftoverFiles());
    }

    [Fact]
    public async Task A_chat_telegram_keeps_flooding_is_given_up_for_the_request_without_splitting_or_holding_the_others()
    {
        await using var cdn = await FakeCdn.StartAsync();
        var jpeg = await TestMedia.JpegAsync(320, 568);
        var delivery = new RecordingTransport
        {
            Fault = (album, _) => album.ChatId switch
            {
                5 => new DeliveryRateLimitedException(TimeSpan.FromMinutes(5)),       // a flood wait of minutes
                7 => new DeliveryRateLimitedException(TimeSpan.FromMilliseconds(100)), // short waits, again and again
                _ => null,
            },
        };
        await using var harness = await new PipelineHarness(delivery, new Dictionary<string, string?>
        {
            ["Pipeline:MaxRateLimitRetries"] = "2",
            ["Pipeline:LongestRateLimitWait"] = "00:00:02",
        }).StartAsync();
        var items = Enumerable.Range(0, 12).Select(i => Photo($"p{i}", cdn.AddPhoto(jpeg), i)).ToList();

        // As a command does (ReportNow): every chat is told what it did not get.
        var result = await harness.DeliverAsync(new DeliveryRequest(Account, StoryKind.Stories, items,
            [new DeliveryTarget(5), new DeliveryTarget(6), new DeliveryTarget(7)]), TimeSpan.FromSeconds(20));

        Assert.Equal([10, 2], delivery.AlbumsTo(6).Select(a => a.Files.Count));                 // the healthy chat got all
        Assert.Equal([(5L, 10)], delivery.Attempts.Where(a => a.ChatId == 5));                   // no wait of minutes, no singles
        Assert.Equal([(7L, 10), (7L, 10), (7L, 10)], delivery.Attempts.Where(a => a.ChatId == 7)); // 1 + 2 retries, then given up
        foreach (var chat in new long[] { 5, 7 })
        {
            var failed = result.Failed.Where(f => f.ChatId == chat).ToList();
            Assert.Equal(12, failed.Count);                                                        // the second album too, unsent
            Assert.All(failed, f => Assert.Equal(FailureReason.TelegramBusy, f.Reason));
        }

        var report = Assert.Single(delivery.FailureReports, r => r.ChatId == 7);                   // told once Telegram let it
        Assert.Equal(12, report.Failures.Count);
        Assert.DoesNotContain(delivery.FailureReports, r => r.ChatId == 5);                        // under its 5 minutes: nothing reaches it

        Assert.Equal(12, result.Delivered.Count);
    }

    [Fact]
    public async Task A_poll_keeps_a_flooded_chats_items_for_the_next_poll_without_counting_or_telling()
    {
        await using var cdn = await FakeCdn.StartAsync();
        var jpeg = await TestMedia.JpegAsync(320, 568);
        var delivery = new RecordingTransport { Fault = (_, _) => new DeliveryRateLimitedException(TimeSpan.FromMinutes(5)) };
        await using var harness = await new PipelineHarness(delivery, new Dictionary<string, string?> { ["Pipeline:LongestRateLimitWait"] = "00:00:01" }).StartAsync();

        var result = await harness.DeliverAsync(new DeliveryRequest(Account, StoryKind.Stories, [Photo("p", cdn.AddPhoto(jpeg), 0)], [new DeliveryTarget(8)]),
            TimeSpan.FromSeconds(20), FailurePolicy.RetryAtNextPoll);

        Assert.Equal(FailureReason.TelegramBusy, Assert.Single(result.Failed).Reason);
        Assert.Empty(delivery.FailureReports);                                                     // the next poll brings it
        Assert.Null(harness.Get<DeliveryLedger>().Find(8, Account.Platform, Account.Username, "p"));
        Assert.Empty(harness.Get<DeliveryLedger>().Settled(8, Account.Platform, Account.Username));
    }

    [Fact]
    public async Task Refused_album_falls_back_to_single_items_so_one_bad_item_is_the_only_loss()
    {
        await using var cdn = await FakeCdn.StartAsync();
        var jpeg = await TestMedia.JpegAsync(320, 568);
        var delivery = new RecordingTransport
        {
            Fault = (album, _) => album.Entries.Any(entry => entry.Item.Id == "bad")
                ? new InvalidOperationException("Bad Request: IMAGE_PROCESS_FAILED")
                : null,
        };
        await using var harness = await new PipelineHarness(delivery).StartAsync();

        var result = await harness.DeliverAsync(new DeliveryRequest(5, Account, StoryKind.Stories,
            [Photo("a", cdn.AddPhoto(jpeg), 0), Photo("bad", cdn.AddPhoto(jpeg), 1), Photo("c", cdn.AddPhoto(jpeg), 2)]));

        Assert.Equal(["a", "c"], result.Delivered.Select(d => d.Item.Id));
        Assert.Equal(("bad", FailureReason.SendRefused), result.Failed.Select(f => (f.Item.Id, f.Reason)).Single());
        Assert.Equal([["a"], ["c"]], delivery.Albums.Select(a => a.Files.Select(f => f.ItemId).ToArray()));
        Assert.Single(delivery.FailureReports);
    }

    [Fact]
    public async Task A_second_chat_still_finds_on_disk_what_the_first_chat_could_not_upload()
    {
        await using var cdn = await FakeCdn.StartAsync();
        var jpeg = await TestMedia.JpegAsync(320, 568);
        var delivery = new RecordingTransport
        {
            // Chat 1 refuses "bad" (its album is split, "bad" fails alone): no file_id comes back for it, so chat 2
            // must upload it from the file, which must not have been deleted with chat 1's albums.
            Fault = (album, _) => album.ChatId == 1 && album.Entries.Any(entry => entry.Item.Id == "bad")
                ? new InvalidOperationException("Bad Request: IMAGE_PROCESS_FAILED")
                : null,
        };
        await using var harness = await new PipelineHarness(delivery).StartAsync();
        var items = new[] { Photo("a", cdn.AddPhoto(jpeg), 0), Photo("bad", cdn.AddPhoto(jpeg), 1), Photo("c", cdn.AddPhoto(jpeg), 2) };

        var result = await harness.DeliverAsync(new DeliveryRequest(Account, StoryKind.Stories, items, [new DeliveryTarget(1), new DeliveryTarget(2)]));

        var second = Assert.Single(delivery.AlbumsTo(2));
        Assert.Equal(["a", "bad", "c"], second.Files.Select(f => f.ItemId));
        Assert.Equal(await Sha256Async(jpeg), second.Files.Single(f => f.ItemId == "bad").Sha256);     // uploaded from disk, intact
        Assert.All(second.Files.Where(f => f.ItemId != "bad"), f => Assert.StartsWith("file_id:", f.Sha256));
        Assert.Equal(5, result.Delivered.Count);
        Assert.Empty(harness.LeftoverFiles());
    }

    private static async Task<string> Sha256Async(string path)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexString(await System.Security.Cryptography.SHA256.HashDataAsync(stream));
    }

    [Fact]
    public async Task Unreachable_chat_stops_that_request_without_a_report()
    {
        await using var cdn = await FakeCdn.StartAsync();
        var jpeg = await TestMedia.JpegAsync(320, 568);
        var delivery = new RecordingTransport { Fault = (album, _) => new ChatUnreachableException(album.ChatId, "Forbidden: bot was blocked by the user") };
        await using var harness = await new PipelineHarness(delivery).StartAsync();

        var items = Enumerable.Range(0, 12).Select(i => Photo($"p{i}", cdn.AddPhoto(jpeg), i)).ToList();
        var result = await harness.DeliverAsync(new DeliveryRequest(9, Account, StoryKind.Stories, items));

        Assert.Empty(result.Delivered);
        Assert.Equal(12, result.Failed.Count);
        Assert.All(result.Failed, f => Assert.Equal(FailureReason.ChatUnreachable, f.Reason));
        Assert.Empty(delivery.FailureReports);
        Assert.Empty(harness.LeftoverFiles());
    }

    [Fact]
    public async Task Several_chats_get_each_item_from_one_download_and_one_upload()
    {
        await using var cdn = await FakeCdn.StartAsync();
        var jpeg = await TestMedia.JpegAsync(320, 568);
        var video = await TestMedia.H264Mp4Async(320, 568, 1);
        var delivery = new RecordingTransport();
        await using var harness = await new PipelineHarness(delivery).StartAsync();
        var items = new[] { Photo("p", cdn.AddPhoto(jpeg), 0), Video("v", cdn.AddVideo(video), 1), Photo("q", cdn.AddPhoto(jpeg), 2) };

        // Chat 3 already has "p": it gets only the other two.
        var result = await harness.DeliverAsync(new DeliveryRequest(Account, StoryKind.Stories, items,
            [new DeliveryTarget(1), new DeliveryTarget(2), new DeliveryTarget(3, new HashSet<string> { "v", "q" })]));

        Assert.All(items, item => Assert.Equal(1, cdn.RequestCount(item.MediaUrl!.ToString())));
        var first = Assert.Single(delivery.AlbumsTo(1));
        Assert.All(first.Files, file => Assert.DoesNotContain("file_id:", file.Sha256));          // uploaded
        Assert.All(Assert.Single(delivery.AlbumsTo(2)).Files, file => Assert.Equal($"file_id:file-{file.ItemId}", file.Sha256));
        var third = Assert.Single(delivery.AlbumsTo(3));
        Assert.Equal(["v", "q"], third.Files.Select(f => f.ItemId));
        Assert.All(third.Files, file => Assert.StartsWith("file_id:", file.Sha256));                  // a different album, still no upload
        Assert.Equal(8, result.Delivered.Count);
        Assert.Equal([1L, 2L, 3L], result.Delivered.Select(d => d.ChatId).Distinct().Order());
    }

    [Fact]
    public async Task A_story_fanned_out_to_many_chats_keeps_under_the_bot_wide_message_rate()
    {
        await using var cdn = await FakeCdn.StartAsync();
        var jpeg = await TestMedia.JpegAsync(320, 568);
        var delivery = new RecordingTransport { SendDuration = TimeSpan.FromMilliseconds(5) };
        await using var harness = await new PipelineHarness(delivery, new Dictionary<string, string?> { ["Pipeline:MessagesPerSecond"] = "20" }).StartAsync();
        var item = Photo("p", cdn.AddPhoto(jpeg), 0);

        var result = await harness.DeliverAsync(new DeliveryRequest(Account, StoryKind.Stories, [item],
            Enumerable.Range(1, 50).Select(chat => new DeliveryTarget(chat)).ToList()));

        Assert.Equal(50, result.Delivered.Count);
        var sent = delivery.Albums.Select(album => album.Started).Order().ToList();
        // No one-second window holds more than 20 sends (8 workers at 5 ms a send would do ~1500 a second). The
        // window is measured 100 ms short: the times are taken a moment after the limiter let each send go, and a
        // busy machine can delay that moment. The exact spacing is checked on a fake clock in MessageRateLimiterTests.
        var busiest = sent.Max(start => sent.Count(at => at >= start && at < start + TimeSpan.FromSeconds(0.9)));
        Assert.True(busiest is >= 1 and <= 20, $"{busiest} sends in one window; gaps in ms: {string.Join(' ', sent.Zip(sent.Skip(1), (a, b) => (b - a).TotalMilliseconds.ToString("0")))}");
        // ...and they are spaced out, not let go in bursts: 50 sends at 20 a second take 49 × 50 ms.
        Assert.True(sent[^1] - sent[0] >= TimeSpan.FromSeconds(2.4), $"50 sends spread over {(sent[^1] - sent[0]).TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task Back_to_back_requests_for_one_chat_keep_its_pacing_between_their_albums()
    {
        await using var cdn = await FakeCdn.StartAsync();
        var jpeg = await TestMedia.JpegAsync(320, 568);
        var delivery = new RecordingTransport { SendDuration = TimeSpan.FromMilliseconds(5), Pacing = TimeSpan.FromMilliseconds(700) };
        await using var harness = await new PipelineHarness(delivery).StartAsync();

        // Two accounts' stories for one chat, queued together (as the scheduler's parallel polls do). Each request
        // ends with a report that sends nothing; that must not cancel the pause the album before it set.
        var completions = new List<Task<DeliveryResult>>();
        foreach (var account in new[] { "first_one", "second_one", "third_one" })
            completions.Add(harness.Stories.DeliverAsync(new DeliveryRequest(9, Account with { Username = account }, StoryKind.Stories,
                [Photo($"{account}-p", cdn.AddPhoto(jpeg), 0)]), FailurePolicy.ReportNow, CancellationToken.None));
        await Task.WhenAll(completions).WaitAsync(TimeSpan.FromSeconds(30));

        var albums = delivery.AlbumsTo(9).OrderBy(a => a.Started).ToList();
        Assert.Equal(3, albums.Count);
        Assert.All(albums.Zip(albums.Skip(1)), pair => Assert.True(pair.Second.Started - pair.First.At >= TimeSpan.FromMilliseconds(650),
            $"albums {(pair.Second.Started - pair.First.At).TotalMilliseconds:0} ms apart"));
    }

    [Fact]
    public async Task An_albums_files_are_deleted_once_it_is_sent_not_when_the_whole_request_ends()
    {
        await using var cdn = await FakeCdn.StartAsync();
        var jpeg = await TestMedia.JpegAsync(320, 568);
        var stillOnDisk = new List<int>();
        var delivery = new RecordingTransport();
        delivery.Fault = (album, _) =>
        {
            // When a later album goes out, count the files of the albums already sent to every chat.
            if (album.ChatId == 1 && album.Part > 1)
                lock (stillOnDisk)
                    stillOnDisk.Add(delivery.Albums.Where(a => a.Part < album.Part).SelectMany(a => a.Files).Count(f => f.Path.Length > 0 && File.Exists(f.Path)));
            return null;
        };
        await using var harness = await new PipelineHarness(delivery).StartAsync();
        var items = Enumerable.Range(0, 25).Select(i => Photo($"p{i}", cdn.AddPhoto(jpeg), i)).ToList();

        var result = await harness.DeliverAsync(new DeliveryRequest(1, Account, StoryKind.Stories, items));

        Assert.Equal(25, result.Delivered.Count);
        Assert.Equal([10, 10, 5], delivery.AlbumsTo(1).Select(a => a.Files.Count));
        Assert.Equal(2, stillOnDisk.Count);
        Assert.All(stillOnDisk, count => Assert.Equal(0, count));                 // parts already sent are gone
        Assert.Empty(harness.LeftoverFiles());
    }

    [Fact]
    public async Task A_request_cancelled_while_queueing_does_not_block_the_chat()
    {
        await using var cdn = await FakeCdn.StartAsync();
        cdn.Latency = TimeSpan.FromMilliseconds(200);
        var jpeg = await TestMedia.JpegAsync(320, 568);
        var delivery = new RecordingTransport();
        // One download worker and a download queue of 4: the 12 items cannot all be queued at once.
        await using var harness = await new PipelineHarness(delivery, new Dictionary<string, string?> { ["Pipeline:DownloadConcurrency"] = "1" }).StartAsync();

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var items = Enumerable.Range(0, 12).Select(i => Photo($"big{i}", cdn.AddPhoto(jpeg), i)).ToList();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            harness.Stories.DeliverAsync(new DeliveryRequest(11, Account, StoryKind.Stories, items), FailurePolicy.ReportNow, cancel.Token));

        var next = await harness.DeliverAsync(new DeliveryRequest(11, Account, StoryKind.Stories, [Photo("after", cdn.AddPhoto(jpeg), 0)]), TimeSpan.FromSeconds(30));

        Assert.Equal(["after"], next.Delivered.Select(d => d.Item.Id));
        Assert.Contains(delivery.AlbumsTo(11), album => album.Files.Any(f => f.ItemId == "after"));
    }

    [Fact]
    public async Task Long_stories_go_out_in_albums_of_ten_and_highlights_one_series_each()
    {
        await using var cdn = await FakeCdn.StartAsync();
        var jpeg = await TestMedia.JpegAsync(320, 568);
        var delivery = new RecordingTransport();
        await using var harness = await new PipelineHarness(delivery).StartAsync();

        var story = Enumerable.Range(0, 23).Select(i => Photo($"s{i}", cdn.AddPhoto(jpeg), i)).ToList();
        await harness.DeliverAsync(new DeliveryRequest(1, Account, StoryKind.Stories, story));
        Assert.Equal([10, 10, 3], delivery.AlbumsTo(1).Select(a => a.Files.Count));
        Assert.Equal([1, 2, 3], delivery.AlbumsTo(1).Select(a => a.Part));
        Assert.Equal(story.Select(i => i.Id), delivery.AlbumsTo(1).SelectMany(a => a.Files).Select(f => f.ItemId));

        var lisbon = new StoryGroup("h1", "Lisbon");
        var porto = new StoryGroup("h2", "Porto");
        var highlights = new[]
        {
            Photo("l1", cdn.AddPhoto(jpeg), 0) with { Group = lisbon },
            Photo("l2", cdn.AddPhoto(jpeg), 1) with { Group = lisbon },
            Photo("p1", cdn.AddPhoto(jpeg), 0) with { Group = porto },
        };
        await harness.DeliverAsync(new DeliveryRequest(2, Account, StoryKind.Highlights, highlights));
        Assert.Equal(["Lisbon", "Porto"], delivery.AlbumsTo(2).Select(a => a.GroupTitle));
    }

    [Fact]
    public async Task Videos_are_processed_and_described_for_telegram()
    {
        await using var cdn = await FakeCdn.StartAsync();
        var h264 = await TestMedia.H264Mp4Async(720, 1280, 2.0, faststart: false);
        var hevc = await TestMedia.HevcMp4Async(720, 1280, 2.0);
        var delivery = new RecordingTransport();
        await using var harness = await new PipelineHarness(delivery).StartAsync();
        var captured = new List<ProbeResult>();
        delivery.Fault = (album, _) =>
        {
            // Probe the files while they exist (they are deleted right after the send).
            foreach (var entry in album.Entries)
                captured.Add(Ffprobe.ProbeAsync(entry.File!.Path).GetAwaiter().GetResult());
            return null;
        };

        var result = await harness.DeliverAsync(new DeliveryRequest(3, Account, StoryKind.Stories,
            [Video("h264", cdn.AddVideo(h264), 0), Video("hevc", cdn.AddVideo(hevc), 1)]));

        Assert.Equal(2, result.Delivered.Count);
        Assert.All(captured, probe =>
        {
            Assert.Equal("h264", probe.VideoCodec);
            Assert.Equal((720, 1280), (probe.Width, probe.Height));
            Assert.InRange(probe.DurationSeconds, 1.5, 2.5);
            Assert.True(probe.MoovBeforeMdat, "faststart");
        });
        Assert.All(Assert.Single(delivery.Albums).Files, file =>
        {
            Assert.Equal((720, 1280, 2), (file.Width, file.Height, file.DurationSeconds));
        });
        Assert.Empty(harness.LeftoverFiles());
    }

    [Fact]
    public async Task A_playlist_served_as_a_video_is_refused_before_ffmpeg_and_fetches_nothing()
    {
        await using var cdn = await FakeCdn.StartAsync();
        using var listener = new StoryBot.Tests.Fakes.Network.ConnectionCounter();
        var port = listener.Port;
        var playlist = Path.Combine(Path.GetTempPath(), $"playlist-{Guid.NewGuid():N}.m3u8");
        await File.WriteAllTextAsync(playlist,
            $"#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nhttp://127.0.0.1:{port}/seg0.ts\n#EXTINF:2.0,\nfile:///etc/hostname\n#EXT-X-ENDLIST\n");
        var delivery = new RecordingTransport();
        await using var harness = await new PipelineHarness(delivery).StartAsync();

        var result = await harness.DeliverAsync(new DeliveryRequest(4, Account, StoryKind.Stories, [Video("m3u8", cdn.AddVideo(playlist), 0)]));

        Assert.Empty(result.Delivered);
        Assert.Equal(FailureReason.Unconvertible, Assert.Single(result.Failed).Reason);
        Assert.Empty(delivery.Albums);
        Assert.DoesNotContain(harness.Logs.Lines, line => line.Contains("ffmpeg", StringComparison.OrdinalIgnoreCase) && line.Contains("m3u8"));
        await Task.Delay(200);
        Assert.Equal(0, listener.Connections);
        File.Delete(playlist);
    }

    [Fact]
    public async Task A_full_disk_is_our_fault_not_the_items_and_the_item_comes_again_when_there_is_room()
    {
        await using var cdn = await FakeCdn.StartAsync();
        var big = Path.Combine(Path.GetTempPath(), $"big-{Guid.NewGuid():N}.jpg");
        var padding = new byte[2_000_000];
        new Random(5).NextBytes(padding);
        await File.WriteAllBytesAsync(big, [.. await File.ReadAllBytesAsync(await TestMedia.JpegAsync(320, 568)), .. padding]);
        var disk = Directory.CreateTempSubdirectory("storybot-small-disk-").FullName;
        Mount(disk, "512k");
        try
        {
            var delivery = new RecordingTransport();
            await using var harness = await new PipelineHarness(delivery, new Dictionary<string, string?> { ["Media:TempPath"] = disk }).StartAsync();
            var item = Photo("big", cdn.AddPhoto(big), 0);

            var full = await harness.DeliverAsync(new DeliveryRequest(Account, StoryKind.Stories, [item], [new DeliveryTarget(12)]), policy: FailurePolicy.RetryAtNextPoll);

            Assert.Equal(FailureReason.LocalFault, Assert.Single(full.Failed).Reason);
            Assert.Equal(1, cdn.RequestCount(item.MediaUrl!.ToString()));                // not retried as a download
            Assert.Null(harness.Get<DeliveryLedger>().Find(12, Account.Platform, Account.Username, "big"));   // no attempt spent
            Assert.Empty(delivery.FailureReports);                                        // and nothing told

            Unmount(disk);                                                                // room again
            var next = await harness.DeliverAsync(new DeliveryRequest(Account, StoryKind.Stories, [item], [new DeliveryTarget(12)]), policy: FailurePolicy.RetryAtNextPoll);
            Assert.Equal(["big"], next.Delivered.Select(d => d.Item.Id));
        }
        finally
        {
            Unmount(disk);
            Directory.Delete(disk, recursive: true);
            File.Delete(big);
        }
    }

    [Fact]
    public async Task A_video_over_50_mb_without_ffmpeg_is_our_fault_not_too_large()
    {
        await using var cdn = await FakeCdn.StartAsync();
        var big = Path.Combine(Path.GetTempPath(), $"big-{Guid.NewGuid():N}.mp4");
        await using (var file = File.Create(big))
        {
            await file.WriteAsync(await File.ReadAllBytesAsync(await TestMedia.H264Mp4Async(320, 568, 1)));
            file.SetLength(51_000_000);
        }

        try
        {
            var delivery = new RecordingTransport();
            await using var harness = await new PipelineHarness(delivery, replace: services => services.AddSingleton(
                new FfmpegToolchain(NullLogger<FfmpegToolchain>.Instance) { FfmpegPath = "/nonexistent/ffmpeg", FfprobePath = "/nonexistent/ffprobe" })).StartAsync();

            var result = await harness.DeliverAsync(new DeliveryRequest(13, Account, StoryKind.Stories, [Video("huge", cdn.AddVideo(big), 0)]));

            Assert.Equal(FailureReason.LocalFault, Assert.Single(result.Failed).Reason);
        }
        finally
        {
            File.Delete(big);
        }
    }

    [Fact]
    public async Task When_an_accepted_album_cannot_be_recorded_nothing_more_goes_to_that_chat_and_the_album_is_remembered()
    {
        await using var cdn = await FakeCdn.StartAsync();
        var jpeg = await TestMedia.JpegAsync(320, 568);
        var delivery = new RecordingTransport();
        await using var harness = await new PipelineHarness(delivery).StartAsync();
        // Storage goes away while Telegram is taking the first album: its record cannot be written.
        delivery.Fault = (album, attempt) =>
        {
            if (attempt == 1)
                harness.Get<StoryDatabase>().Dispose();
            return null;
        };
        var items = Enumerable.Range(0, 12).Select(i => Photo($"p{i}", cdn.AddPhoto(jpeg), i)).ToList();

        var result = await harness.DeliverAsync(new DeliveryRequest(Account, StoryKind.Stories, items, [new DeliveryTarget(21)]), policy: FailurePolicy.RetryAtNextPoll);

        Assert.Equal([10], delivery.AlbumsTo(21).Select(a => a.Files.Count));        // the second album was not sent
        Assert.Equal(10, result.Delivered.Count);
        Assert.All(result.Failed, f => Assert.Equal(FailureReason.LocalFault, f.Reason));
        var ledger = harness.Get<DeliveryLedger>();
        Assert.Equal(10, ledger.Unwritten);                                          // kept until storage works again
    }

    [Fact]
    public async Task The_upload_limit_is_configuration_and_a_larger_video_is_re_encoded_to_fit_it()
    {
        await using var cdn = await FakeCdn.StartAsync();
        // Noise does not compress: a short clip of it is several MB.
        var noisy = Path.Combine(Path.GetTempPath(), $"noise-{Guid.NewGuid():N}.mp4");
        var made = await ProcessRunner.RunAsync("ffmpeg",
            ["-v", "error", "-f", "lavfi", "-i", "nullsrc=s=480x854:r=25,geq=random(1)*255:128:128", "-t", "3",
             "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", "-pix_fmt", "yuv420p", "-movflags", "faststart", noisy],
            TimeSpan.FromMinutes(2), CancellationToken.None);
        Assert.Equal(0, made.ExitCode);
        Assert.True(new FileInfo(noisy).Length > 3_000_000, $"{new FileInfo(noisy).Length} bytes");
        try
        {
            var delivery = new RecordingTransport();
            long sentBytes = 0;
            delivery.Fault = (album, _) =>
            {
                sentBytes = new FileInfo(album.Entries[0].File!.Path).Length;
                return null;
            };
            await using var harness = await new PipelineHarness(delivery, new Dictionary<string, string?> { ["Telegram:MaxUploadBytes"] = "1500000" }).StartAsync();

            var result = await harness.DeliverAsync(new DeliveryRequest(14, Account, StoryKind.Stories, [Video("noise", cdn.AddVideo(noisy), 0)]), TimeSpan.FromMinutes(2));

            Assert.True(result.Delivered.Count == 1, $"not delivered: {string.Join(", ", result.Failed.Select(f => f.Reason.ToString()))}");
            Assert.InRange(sentBytes, 1, 1_500_000);                                     // re-encoded to fit, not remuxed
        }
        finally
        {
            File.Delete(noisy);
        }
    }

    /// <summary>A real small filesystem (tmpfs): the tests run as root on the CI machine, as they do here.</summary>
    private static void Mount(string folder, string size) => Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", folder);

    private static void Unmount(string folder)
    {
        if (File.ReadAllText("/proc/mounts").Contains($" {folder} ", StringComparison.Ordinal))
            Run("umount", folder);
    }

    private static void Run(string command, params string[] arguments)
    {
        var result = StoryBot.Core.Media.Processing.ProcessRunner.RunAsync(command, arguments, TimeSpan.FromSeconds(10), CancellationToken.None).GetAwaiter().GetResult();
        Assert.True(result.ExitCode == 0, $"{command} failed ({result.ExitCode}): {result.StandardErrorTail}. The fault tests need root for a real small filesystem.");
    }
}
