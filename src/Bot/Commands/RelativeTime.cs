using StoryBot.Core.Storage;

namespace StoryBot.Bot.Commands;

/// <summary>Times in the lists and the status as a person reads them: "3 min ago", "in 1.5 h".</summary>
public static class RelativeTime
{
    /// <summary>A stored time (LiteDB may hand it back as local time) measured from <paramref name="now"/>.</summary>
    public static string Ago(DateTime? at, DateTimeOffset now)
    {
        if (at is not { } time)
            return "never";
        var span = now.UtcDateTime - StoredTime.Utc(time);
        return span.TotalMinutes < 1 ? "just now"
            : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min ago"
            : span.TotalDays < 1 ? $"{(int)span.TotalHours} h ago"
            : $"{(int)span.TotalDays} d ago";
    }

    public static string Until(DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is not { } time)
            return "—";
        var span = time - now;
        return span <= TimeSpan.Zero ? "now" : span.TotalHours < 1 ? $"in {(int)Math.Ceiling(span.TotalMinutes)} min" : $"in {span.TotalHours:0.#} h";
    }
}
