namespace StoryBot.Core.Storage;

public static class StoredTime
{
    /// <summary>LiteDB hands DateTimes back in local time; everything here works in UTC.</summary>
    public static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => value,
    };
}
