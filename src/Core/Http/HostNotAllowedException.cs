namespace StoryBot.Core.Http;

/// <summary>A URL pointed at a host (or scheme) we do not contact. Nothing was requested.</summary>
public sealed class HostNotAllowedException(Uri url)
    : Exception($"Refused to contact {url.Scheme}://{url.Host}: not an allowed host")
{
    public string Host { get; } = url.Host;
}
