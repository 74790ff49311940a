namespace StoryBot.Core.Storage;

public enum SubscribeResult
{
    Added,
    AlreadySubscribed,
    LimitReached,
}
