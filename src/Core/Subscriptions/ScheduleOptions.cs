using System.ComponentModel.DataAnnotations;

namespace StoryBot.Core.Subscriptions;

public sealed class ScheduleOptions : IValidatableObject
{
    public const string Section = "Schedule";

    public PlatformSchedule Snapchat { get; set; } = new() { Interval = TimeSpan.FromMinutes(20) };
    public PlatformSchedule Instagram { get; set; } = new() { Interval = TimeSpan.FromMinutes(30) };

    /// <summary>How often the scheduler looks for accounts that are due.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Data annotations do not look inside nested objects: the platforms' intervals are checked here.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, schedule) in new[] { (nameof(Snapchat), Snapchat), (nameof(Instagram), Instagram) })
        {
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(schedule, new ValidationContext(schedule), results, validateAllProperties: true))
                foreach (var result in results)
                    yield return new ValidationResult($"Schedule:{name}:{string.Join(",", result.MemberNames)}: {result.ErrorMessage}", [name]);
        }
    }
}

public sealed class PlatformSchedule
{
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Interval { get; set; }
}
