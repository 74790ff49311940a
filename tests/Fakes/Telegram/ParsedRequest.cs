namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>The parameters and file parts of one request, and why its body could not be read, if it could not.</summary>
internal sealed class ParsedRequest
{
    public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, UploadedFile> Files { get; } = new(StringComparer.Ordinal);
    public List<UploadedFile> FileList { get; } = [];
    public string? BodyError { get; set; }
}
