namespace StoryBot.Core.Outbox;

public sealed class DeliveryRateLimitedException(TimeSpan retryAfter, Exception? inner = null)
    : Exception($"Rate limited; retry after {retryAfter}", inner)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
