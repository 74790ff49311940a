using StoryBot.Bot.Telegram;
using StoryBot.Bot.Texts;
using StoryBot.Core.Outbox;

namespace StoryBot.Bot.Commands;

/// <summary>
/// Where a subscription change acts and whether its sender may make it there: the chat it came from (a group's
/// admins only, when Telegram:GroupAdminsOnly is on), or a channel named as @name or -100… (only from a private
/// chat, and only for the channel's creator and administrators, checked with <see cref="ChannelAccess"/>).
/// </summary>
public sealed class FollowTargets(GroupAdmins admins, ChannelAccess channels, ChatOutbox outbox)
{
    /// <summary>
    /// For a command: the chat it was sent in, or the channel named after the account, with the bot able to post
    /// there. Null when it may not; the reply says why.
    /// </summary>
    public async Task<FollowTarget?> ForCommandAsync(ChatPlace origin, Sender sender, string? channel, CancellationToken token)
    {
        if (channel is null)
        {
            if (!sender.IsChannelPost && !await admins.MayChangeAsync(origin.ChatId, sender.UserId, token))
            {
                outbox.EnqueueText(origin, Replies.AdminsOnly);
                return null;
            }

            return FollowTarget.Here(origin);
        }

        if (origin.ChatId < 0 || sender.UserId is not { } userId)
        {
            outbox.EnqueueText(origin, Replies.ChannelsFromPrivateChat);
            return null;
        }

        if (!ChannelAccess.TryParse(channel, out var channelRef))
        {
            outbox.EnqueueText(origin, Replies.InvalidChannel(channel));
            return null;
        }

        var (check, channelId, title) = await channels.CheckAsync(channelRef, userId, token);
        if (check != ChannelCheck.Ready)
        {
            outbox.EnqueueText(origin, Replies.ForChannelCheck(check, title));
            return null;
        }

        return FollowTarget.Channel(channelId, title);
    }

    /// <summary>
    /// For a button under a message in <paramref name="at"/>: that chat, or the channel the button carries. Returns
    /// the target, or the short answer for the one who pressed it when it may not act. Unlike a command, the bot's
    /// own rights in the channel are not checked, so a channel the bot can no longer post to can still be
    /// unsubscribed from its list.
    /// </summary>
    public async Task<(FollowTarget? Target, string? Refusal)> ForButtonAsync(ChatPlace at, Sender sender, long? channelId, CancellationToken token)
    {
        if (channelId is { } channel)
        {
            // A channel's buttons are only ever sent to a private chat.
            if (at.ChatId < 0 || sender.UserId is not { } userId)
                return (null, Replies.OutOfDateButton);
            var (check, _, title) = await channels.CheckAsync(new global::Telegram.Bot.Types.ChatId(channel), userId, token);
            if (check is ChannelCheck.UserNotAdmin or ChannelCheck.NotFound or ChannelCheck.NotAChannel or ChannelCheck.Unknown)
                return (null, Replies.ForChannelCheck(check, title));
            return (FollowTarget.Channel(channel, title), null);
        }

        if (!sender.IsChannelPost && !await admins.MayChangeAsync(at.ChatId, sender.UserId, token))
            return (null, Replies.AdminsOnly);
        return (FollowTarget.Here(at), null);
    }
}
