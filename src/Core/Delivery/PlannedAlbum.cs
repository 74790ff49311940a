using StoryBot.Core.Sources;

namespace StoryBot.Core.Delivery;

/// <summary>One album of a delivery plan.</summary>
/// <param name="Number">Its place in the plan, 0-based.</param>
/// <param name="Part">1-based part within its chat and group (a story of 23 items goes out in 3 parts).</param>
/// <param name="Items">Indexes into the request's items, in order.</param>
/// <param name="WaitsFor">Numbers of earlier albums that upload some of these items: sent after them, by file_id.</param>
public sealed record PlannedAlbum(
    int Number,
    long ChatId,
    StoryGroup? Group,
    int Part,
    int PartCount,
    IReadOnlyList<int> Items,
    IReadOnlyList<int> WaitsFor);
