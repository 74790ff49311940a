using StoryBot.Core.Sources;

namespace StoryBot.Core.Storage;

/// <summary>A file Telegram already has for an item: sent by id, neither downloaded nor uploaded again.</summary>
/// <param name="Kind">What the file was uploaded as (the bytes decide, not what the page announced).</param>
public sealed record KnownFile(string FileId, MediaKind Kind);
