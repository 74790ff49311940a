using System.ComponentModel.DataAnnotations;

namespace StoryBot.Core;

public sealed class PipelineOptions
{
    public const string Section = "Pipeline";

    /// <summary>Media downloads running at once, across all chats.</summary>
    [Range(1, 64)]
    public int DownloadConcurrency { get; set; } = 8;

    /// <summary>ffmpeg processes running at once: each takes a core while it transcodes.</summary>
    [Range(1, 16)]
    public int ProcessConcurrency { get; set; } = 2;

    /// <summary>
    /// Threads of one x264 encode. Each thread keeps frames of its own in flight (about 10 MB per thread for a
    /// 720×1280 story), and x264's own choice is 1.5 per core: 3 threads on 2 cores, 12 on 8, and 140 MB for the one
    /// encode on 2 cores against 110 MB with 2. 0 lets x264 choose, for a box with cores and memory to spare.
    /// </summary>
    [Range(0, 64)]
    public int EncoderThreads { get; set; } = 2;

    /// <summary>Chats being sent to at once; each chat is sent to by one worker at a time, in order.</summary>
    [Range(1, 64)]
    public int SendConcurrency { get; set; } = 8;

    /// <summary>
    /// Messages (an album counts as one) sent per second across all chats, evenly spaced. Telegram allows about 30; the
    /// default keeps a margin because the limit is unpublished and network jitter bunches sends up on arrival.
    /// </summary>
    [Range(1, 1000)]
    public int MessagesPerSecond { get; set; } = 25;

    /// <summary>Hard limit for one ffmpeg run; the process is killed when it is reached.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FfmpegTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// The longest retry_after a send waits for. Flood waits can run to minutes; waiting them out would hold the
    /// request, and a poll holds its account and one of the scheduler's slots until its request is done.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LongestRateLimitWait { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many times one album is re-sent after Telegram answers 429 before it is given up.</summary>
    [Range(0, 20)]
    public int MaxRateLimitRetries { get; set; } = 5;
}
