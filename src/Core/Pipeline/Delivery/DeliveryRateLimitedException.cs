namespace StoryBot.Core.Pipeline.Delivery;

public sealed class DeliveryRateLimitedException(TimeSpan retryAfter, Exception? inner = null)
    : Exception($"Rate limited; retry after {retryAfter}", inner)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
