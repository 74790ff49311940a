namespace StoryBot.Bot.Commands;

/// <summary>"/snap@StoryBot coastal_ivy highlights" → Name "snap", Arguments ["coastal_ivy", "highlights"], AddressedTo "StoryBot".</summary>
public sealed record ParsedCommand(string Name, IReadOnlyList<string> Arguments, string? AddressedTo)
{
    /// <summary>Commands longer than any real one are not commands we know.</summary>
    private const int MaxNameLength = 64;

    public static ParsedCommand? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text[0] != '/')
            return null;

        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var head = words[0][1..];
        var at = head.IndexOf('@');
        var name = at >= 0 ? head[..at] : head;
        var addressedTo = at >= 0 ? head[(at + 1)..] : null;
        if (name.Length is 0 or > MaxNameLength)
            return null;

        return new ParsedCommand(name.ToLowerInvariant(), words[1..], addressedTo);
    }

    /// <summary>In groups several bots share commands: "/snap@OtherBot" is not for us.</summary>
    public bool IsFor(string botUsername) =>
        AddressedTo is null || string.Equals(AddressedTo, botUsername, StringComparison.OrdinalIgnoreCase);
}
