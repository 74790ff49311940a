using StoryBot.Core.Outbox;

namespace StoryBot.Bot.Commands;

/// <summary>
/// The chat a subscription change acts on: the chat the request came from, or a channel named from a private
/// chat. <see cref="Name"/> is how replies call it; <see cref="IsOrigin"/> tells the wording "here" from "there".
/// </summary>
public sealed record FollowTarget(long ChatId, int? ThreadId, string Name, bool IsOrigin)
{
    /// <summary>The chat (and forum topic) the request came from.</summary>
    public static FollowTarget Here(ChatPlace place) => new(place.ChatId, place.ThreadId, "This chat", IsOrigin: true);

    /// <summary>A channel: its posts have no topics.</summary>
    public static FollowTarget Channel(long channelId, string title) => new(channelId, null, title, IsOrigin: false);
}
