using System.Text.Json.Nodes;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>
/// A file_id the fake issued. <paramref name="Kind"/>: "photo", "video", "document" or "thumbnail";
/// <paramref name="Json"/>: for photos the whole size array, otherwise the video/document/thumbnail object.
/// </summary>
internal sealed record FileRecord(string FileId, string Kind, JsonNode Json);
