using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>
/// Reads the query string and an empty, JSON or multipart/form-data body (what Telegram.Bot sends) the way the Bot API
/// server does; any other body is refused, like a parameter the fake does not implement.
/// </summary>
internal static class TelegramRequestParser
{
    public static async Task<ParsedRequest> ParseAsync(HttpRequest request, Func<string, string, string> savePath, CancellationToken ct)
    {
        var parsed = new ParsedRequest();
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
        else
        {
            var hasBody = await request.Body.ReadAsync(new byte[1], ct) > 0;
            await request.Body.CopyToAsync(Stream.Null, ct);
            if (hasBody)
            {
                parsed.BodyError = $"Bad Request: a \"{contentType}\" body is not implemented by the fake Telegram server";
            }
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
