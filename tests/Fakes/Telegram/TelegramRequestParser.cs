using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>An error answered as {"ok":false,...} with HTTP status = error_code.</summary>
internal sealed class TelegramApiException(int code, string description, int? retryAfter = null, long? migrateToChatId = null)
    : Exception(description)
{
    public int Code { get; } = code;
    public string Description { get; } = description;
    public int? RetryAfter { get; } = retryAfter;
    public long? MigrateToChatId { get; } = migrateToChatId;

    public static TelegramApiException BadRequest(string text) => new(400, "Bad Request: " + text);
}

internal sealed class ParsedRequest
{
    public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, UploadedFile> Files { get; } = new(StringComparer.Ordinal);
    public List<UploadedFile> FileList { get; } = [];
    public string ContentType { get; init; } = "";
    public string? BodyError { get; set; }
}

/// <summary>Reads query string + empty / JSON / urlencoded / multipart bodies the way the Bot API server does.</summary>
internal static class TelegramRequestParser
{
    public static async Task<ParsedRequest> ParseAsync(HttpRequest request, Func<string, string, string> savePath, CancellationToken ct)
    {
        var parsed = new ParsedRequest { ContentType = request.ContentType ?? "" };
        foreach (var (key, value) in request.Query)
        {
            parsed.Fields[key] = value.ToString();
        }

        var contentType = request.ContentType ?? "";
        if (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            if (buffer.Length > 0)
            {
                ReadJson(buffer.ToArray(), parsed);
            }
        }
        else if (contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            await ReadMultipartAsync(request, parsed, savePath, ct);
        }
        else if (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var form = await request.ReadFormAsync(ct);
            foreach (var (key, value) in form)
            {
                parsed.Fields[key] = value.ToString();
            }
        }
        else
        {
            await request.Body.CopyToAsync(Stream.Null, ct);
        }

        return parsed;
    }

    private static void ReadJson(byte[] body, ParsedRequest parsed)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                parsed.BodyError = "Bad Request: can't parse JSON object";
                return;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.Null:
                    case JsonValueKind.Undefined:
                        break;
                    case JsonValueKind.String:
                        parsed.Fields[property.Name] = property.Value.GetString() ?? "";
                        break;
                    default:
                        parsed.Fields[property.Name] = property.Value.GetRawText();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            parsed.BodyError = "Bad Request: can't parse JSON object";
        }
    }

    private static async Task ReadMultipartAsync(HttpRequest request, ParsedRequest parsed, Func<string, string, string> savePath, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType))
        {
            parsed.BodyError = "Bad Request: can't parse multipart/form-data";
            await request.Body.CopyToAsync(Stream.Null, ct);
            return;
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            parsed.BodyError = "Bad Request: can't parse multipart/form-data";
            await request.Body.CopyToAsync(Stream.Null, ct);
            return;
        }

        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        MultipartSection? section;
        try
        {
            while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    await section.Body.CopyToAsync(Stream.Null, ct);
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition())
                {
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value;
                    if (string.IsNullOrEmpty(fileName))
                    {
                        fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "";
                    }

                    var path = savePath(name, fileName);
                    var uploaded = await SaveAsync(section.Body, name, fileName, path, ct);
                    parsed.Files[name] = uploaded;
                    parsed.FileList.Add(uploaded);
                }
                else
                {
                    using var textReader = new StreamReader(section.Body, Encoding.UTF8);
                    parsed.Fields[name] = await textReader.ReadToEndAsync(ct);
                }
            }
        }
        catch (InvalidDataException)
        {
            parsed.BodyError = "Bad Request: can't parse multipart/form-data";
        }
    }

    private static async Task<UploadedFile> SaveAsync(Stream source, string fieldName, string fileName, string path, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long length = 0;
        var buffer = new byte[81920];
        await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 81920, useAsync: true))
        {
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), ct);
                length += read;
            }
        }

        return new UploadedFile(fieldName, fileName, length, Convert.ToHexStringLower(hash.GetHashAndReset()), path);
    }
}
