namespace StoryBot.Bench.Soak;

/// <summary>The soak's figures, under <c>summary</c> in bench/results/latest.json (workload "soak").</summary>
/// <param name="SoakRoundSeconds">
/// Median over the rounds of the time from the round's start until every item added then had reached
/// every chat following its account: a round's fetches and the deliveries they cause.
/// </param>
/// <param name="SoakRssGrowthPercent">RSS of the bot process at the end of the last round against the end of round 2.</param>
/// <param name="SoakCpuSecondsPerRound">Median CPU of the bot process (and any ffmpeg it ran) per round.</param>
public sealed record SoakSummary(
    string Workload,
    int SoakSubscriptions,
    int SoakAccounts,
    int SoakChats,
    double SoakIntervalSeconds,
    int SoakRounds,
    int SoakExpectedDeliveries,
    int SoakDeliveries,
    int SoakDuplicates,
    int SoakMissing,
    int SoakUnidentified,
    int Soak429s,
    double SoakRoundSeconds,
    IReadOnlyList<double> SoakRoundSecondsEach,
    IReadOnlyList<double> SoakRssMbAtRoundEnd,
    double SoakRssGrowthPercent,
    long SoakDbBytes,
    double SoakCpuSecondsPerRound,
    IReadOnlyList<double> SoakCpuSecondsEach,
    int SoakFetches,
    int SoakTelegramCalls,
    double SoakSystemPeakMb,
    double SoakWallSeconds);
