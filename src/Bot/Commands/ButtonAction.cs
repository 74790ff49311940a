using System.Globalization;
using StoryBot.Core.Sources;

namespace StoryBot.Bot.Commands;

/// <summary>
/// What a button under one of the bot's messages does, carried in its callback_data (at most 64 bytes):
/// "f:s:coastal_ivy" follows an account in the chat the button is in, "u:i:river.lane" unfollows it, and
/// "u:s:coastal_ivy:-1001234567890" unfollows it for a channel (the list of a channel is shown in a private chat).
/// Anything else is an out-of-date or foreign button and does nothing.
/// </summary>
public sealed record ButtonAction(ButtonVerb Verb, Platform Platform, string Username, long? ChannelId = null)
{
    public string Data =>
        string.Join(':', new[] { Verb == ButtonVerb.Follow ? "f" : "u", Platform == Platform.Instagram ? "i" : "s", Username }
            .Concat(ChannelId is { } channel ? [channel.ToString(CultureInfo.InvariantCulture)] : []));

    public static ButtonAction? Parse(string? data)
    {
        var parts = data?.Split(':');
        if (parts is not { Length: 3 or 4 })
            return null;
        ButtonVerb? verb = parts[0] switch { "f" => ButtonVerb.Follow, "u" => ButtonVerb.Unfollow, _ => null };
        var spec = parts[1] switch { "s" => StoryCommandSpec.Snapchat, "i" => StoryCommandSpec.Instagram, _ => null };
        if (verb is null || spec is null || !spec.TryParseUsername(parts[2], out var username) || username != parts[2])
            return null;
        long? channel = null;
        if (parts.Length == 4)
        {
            if (!long.TryParse(parts[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) || id > -1_000_000_000_000)
                return null;
            channel = id;
        }

        return new ButtonAction(verb.Value, spec.Platform, username, channel);
    }
}

public enum ButtonVerb
{
    Follow,
    Unfollow,
}
