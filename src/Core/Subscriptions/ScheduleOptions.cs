using System.ComponentModel.DataAnnotations;

namespace StoryBot.Core.Subscriptions;

public sealed class ScheduleOptions
{
    public const string Section = "Schedule";

    public PlatformSchedule Snapchat { get; set; } = new() { Interval = TimeSpan.FromMinutes(20) };
    public PlatformSchedule Instagram { get; set; } = new() { Interval = TimeSpan.FromMinutes(30) };

    /// <summary>How often the scheduler looks for accounts that are due.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(15);
}

public sealed class PlatformSchedule
{
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Interval { get; set; }
}
