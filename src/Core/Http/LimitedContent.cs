using System.Text;

namespace StoryBot.Core.Http;

public static class LimitedContent
{
    /// <summary>
    /// Reads a text body of at most <paramref name="maxBytes"/>; null when it is larger. A scraped page is
    /// untrusted: a misbehaving server must not make us buffer gigabytes.
    /// </summary>
    public static async Task<string?> ReadAsStringAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
            return null;

        await using var body = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }

        var encoding = content.Headers.ContentType?.CharSet is { Length: > 0 } charset
            ? TryGetEncoding(charset.Trim('"')) ?? Encoding.UTF8
            : Encoding.UTF8;
        return encoding.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static Encoding? TryGetEncoding(string name)
    {
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
