namespace StoryBot.Core.Sources.Instagram;

/// <summary>An Instagram API call failed. The message never contains the session or cookies.</summary>
public sealed class InstagramApiException(InstagramError error, int statusCode, string detail)
    : Exception($"Instagram answered {statusCode}: {error} ({detail})")
{
    public InstagramError Error { get; } = error;
    public int StatusCode { get; } = statusCode;
}
