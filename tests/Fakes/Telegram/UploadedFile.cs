namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>A file part of a multipart request, saved at <paramref name="SavedPath"/>.</summary>
public sealed record UploadedFile(string FieldName, string FileName, long Length, string Sha256Hex, string SavedPath);
