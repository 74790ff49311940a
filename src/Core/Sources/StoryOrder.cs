namespace StoryBot.Core.Sources;

public static class StoryOrder
{
    /// <summary>Oldest first; several items can share a timestamp, so ties go by the site's own position.</summary>
    public static List<StoryItem> OldestFirst(IEnumerable<StoryItem> items) =>
        items.OrderBy(item => item.TakenAt).ThenBy(item => item.Index).ToList();
}
