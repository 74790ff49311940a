namespace StoryBot.Bench;

/// <summary>What one contestant run is asked to do; written by the orchestrator, read by the child process.</summary>
public sealed record BenchSpec(
    string Contestant,
    string TelegramBaseUrl,
    string TelegramToken,
    IReadOnlyList<BenchItem> Items,
    IReadOnlyList<long> Chats,
    string TempPath,
    PhasedVideoStep PhasedVideo,
    int EncoderThreads);

public sealed record BenchItem(string Id, bool IsVideo, string Url, long TakenAt);

/// <summary>What a child reports about its own run.</summary>
public sealed record ChildResult(DateTimeOffset StartedAt, double WallSeconds, double CpuSeconds, double PeakRssMb, int Delivered, int Failed);
