using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace StoryBot.Tests.Fakes.Telegram;

/// <summary>One request on its way through the fake: what was asked, and whether it has been answered.</summary>
internal sealed class ApiCall
{
    public required HttpContext Http { get; init; }
    public required string Method { get; set; }
    public required DateTimeOffset At { get; init; }
    public required CallSlot Slot { get; init; }
    public ParsedRequest Request { get; set; } = new();
    public long? ChatId { get; set; }
    public bool Answered { get; set; }
    public string? Description { get; set; }

    /// <summary>The file parts an attach:// reference took; any other part is refused.</summary>
    public HashSet<string> UsedFiles { get; } = new(StringComparer.Ordinal);

    public string? Arg(string name) => Request.Fields.TryGetValue(name, out var value) ? value : null;

    public string ArgOrEmpty(string name) => Arg(name) ?? "";

    /// <summary>Like the server's get_integer_arg: missing → default, garbage → 0, then clamped.</summary>
    public int Int(string name, int defaultValue, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = Arg(name);
        if (string.IsNullOrEmpty(text))
        {
            return defaultValue;
        }

        var value = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        return (int)Math.Clamp(value, min, max);
    }

    /// <summary>Optional number: missing → null, garbage → 0, then clamped to 0…max.</summary>
    public int? OptionalInt(string name, int max) => string.IsNullOrEmpty(Arg(name)) ? null : Int(name, 0, 0, max);

    /// <summary>"attach://name" → that file part (null if there is none); any other value is not an upload.</summary>
    public UploadedFile? Attached(string? value)
    {
        const string Prefix = "attach://";
        if (value is null || !value.StartsWith(Prefix, StringComparison.Ordinal)
            || !Request.Files.TryGetValue(value[Prefix.Length..], out var file))
        {
            return null;
        }

        UsedFiles.Add(file.FieldName);
        return file;
    }

    /// <summary>
    /// Telegram.Bot names every upload in an attach:// reference; the fake implements no other upload (such as a part
    /// named after the parameter), so a part nothing refers to is refused.
    /// </summary>
    public void RefuseUnusedFiles()
    {
        if (Request.FileList.FirstOrDefault(f => !UsedFiles.Contains(f.FieldName)) is { } unused)
        {
            throw TelegramApiException.BadRequest(
                $"file part \"{unused.FieldName}\" is not referenced by attach://, the only upload the fake Telegram server implements");
        }
    }

    public bool Bool(string name) => IsTrue(Arg(name));

    /// <summary>"true"/"True" (multipart writes booleans like that) or "1".</summary>
    public static bool IsTrue(string? value) =>
        value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");
}
