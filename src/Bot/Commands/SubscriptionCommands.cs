using StoryBot.Bot.Texts;
using StoryBot.Core.Outbox;
using StoryBot.Core.Sources;
using StoryBot.Core.Storage;

namespace StoryBot.Bot.Commands;

/// <summary>
/// /subscribe and /unsubscribe &lt;snap|insta&gt; &lt;username&gt; [@channel]: the arguments are checked before
/// anything else; the rest runs in the chat's lane, off the polling loop: it asks Telegram who may make the change,
/// and a new subscription's first poll fetches the account.
/// </summary>
public sealed class SubscriptionCommands(
    SubscriptionChanges changes,
    FollowTargets targets,
    ChatJobs jobs,
    ChatOutbox outbox)
{
    public const string SubscribeUsage =
        "Usage: /subscribe <snap|insta> <username or profile link> [@channel]\nExample: /subscribe snap coastal_ivy";

    public const string UnsubscribeUsage = "Usage: /unsubscribe <snap|insta> <username> [@channel]";

    public void Subscribe(ChatPlace origin, Sender sender, IReadOnlyList<string> arguments)
    {
        if (!TryParseAccount(arguments, SubscribeUsage, out var spec, out var username, out var channel, out var error))
        {
            outbox.EnqueueText(origin, error);
            return;
        }

        jobs.RunOrSayBusy(origin, async token =>
        {
            if (await targets.ForCommandAsync(origin, sender, channel, token) is { } target)
                await FollowAsync(origin, target, spec.Platform, username, sender.UserId, token);
        });
    }

    /// <summary>
    /// Adds the subscription and polls the account at once, so what is on now arrives (to the target chat) and
    /// counts as delivered. Replies go to <paramref name="origin"/>, which differs from the target for a channel.
    /// </summary>
    private async Task FollowAsync(ChatPlace origin, FollowTarget target, Platform platform, string username, long? userId, CancellationToken token)
    {
        var name = $"{AccountLinks.Mark(platform, username)} on {Replies.PlatformName(platform)}";
        switch (changes.Add(origin, target, platform, username, userId))
        {
            case SubscribeResult.AlreadySubscribed:
                outbox.EnqueueText(origin, $"{target.Name} already follows {name}.");
                return;
            case SubscribeResult.Added:
                outbox.EnqueueText(origin, target.IsOrigin
                    ? $"Following {name}. Its current story comes now; new stories will arrive by themselves."
                    : $"{target.Name} now follows {name}. Its current story goes there now; new stories will follow by themselves.");
                await changes.FirstPollAsync(origin, target, platform, username, token);
                return;
        }
    }

    public void Unsubscribe(ChatPlace origin, Sender sender, IReadOnlyList<string> arguments)
    {
        if (!TryParseAccount(arguments, UnsubscribeUsage, out var spec, out var username, out var channel, out var error))
        {
            outbox.EnqueueText(origin, error);
            return;
        }

        jobs.RunOrSayBusy(origin, async token =>
        {
            if (await targets.ForCommandAsync(origin, sender, channel, token) is not { } target)
                return;
            var removed = changes.Remove(target, spec.Platform, username);
            outbox.EnqueueText(origin, removed switch
            {
                true => $"{(target.IsOrigin ? "Stopped following" : $"{target.Name} stopped following")} {AccountLinks.Mark(spec.Platform, username)} on {Replies.PlatformName(spec.Platform)}.",
                false => $"{target.Name} does not follow {AccountLinks.Mark(spec.Platform, username)} on {Replies.PlatformName(spec.Platform)}. /subscriptions lists what it follows.",
                null => StorageCalls.Trouble,
            });
        });
    }

    /// <summary>&lt;snap|insta&gt; &lt;username or link&gt; [@channel]; <paramref name="error"/> is the reply when it is not.</summary>
    private static bool TryParseAccount(IReadOnlyList<string> arguments, string usage, out StoryCommandSpec spec, out string username, out string? channel, out string error)
    {
        spec = StoryCommandSpec.Snapchat;
        username = "";
        channel = arguments.Count == 3 ? arguments[2] : null;
        error = usage;
        if (arguments.Count is not (2 or 3))
            return false;

        switch (arguments[0].ToLowerInvariant())
        {
            case "snap" or "snapchat":
                spec = StoryCommandSpec.Snapchat;
                break;
            case "insta" or "instagram" or "ig":
                spec = StoryCommandSpec.Instagram;
                break;
            default:
                error = $"Choose snap or insta.\n{usage}";
                return false;
        }

        if (!(spec.TryParseAccount ?? spec.TryParseUsername)(arguments[1], out username))
        {
            error = Replies.InvalidUsername(spec.Platform, spec.UsernameRule, spec.Usage, arguments[1]);
            return false;
        }

        return true;
    }
}
