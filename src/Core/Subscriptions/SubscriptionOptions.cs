using System.ComponentModel.DataAnnotations;

namespace StoryBot.Core.Subscriptions;

public sealed class SubscriptionOptions
{
    public const string Section = "Subscriptions";

    /// <summary>Accounts one chat may follow.</summary>
    [Range(1, 10_000)]
    public int MaxPerChat { get; set; } = 50;
}
