using System.Globalization;
using System.Text;

namespace StoryBot.Tests.Fakes.Snapchat;

/// <summary>Ordered JSON object for <see cref="NextJson"/> (key order is kept as written).</summary>
internal sealed class JObj : List<KeyValuePair<string, object?>>
{
    public void Add(string key, object? value) => Add(new KeyValuePair<string, object?>(key, value));
}

/// <summary>An already serialized (JSON.stringify-style, not yet HTML-escaped) JSON fragment.</summary>
internal sealed record RawJson(string Json);

/// <summary>
/// Writes JSON exactly like JavaScript's <c>JSON.stringify</c> (raw UTF-8 for all non-ASCII, only <c>"</c>, <c>\</c> and
/// control characters escaped), and applies Next.js <c>htmlEscapeJsonString</c>. System.Text.Json cannot be used for
/// this: even <c>UnsafeRelaxedJsonEscaping</c> escapes emoji (as surrogate pairs) and U+00A0.
/// </summary>
internal static class NextJson
{
    public static string Stringify(object? value)
    {
        var sb = new StringBuilder(4096);
        Write(sb, value);
        return sb.ToString();
    }

    /// <summary>Next.js <c>htmlEscapeJsonString</c>: &amp; &gt; &lt; U+2028 U+2029 → \u0026 \u003e \u003c \u2028 \u2029.</summary>
    public static string HtmlEscape(string json)
    {
        var sb = new StringBuilder(json.Length + 256);
        foreach (var c in json)
        {
            switch (c)
            {
                case '&': sb.Append("\\u0026"); break;
                case '>': sb.Append("\\u003e"); break;
                case '<': sb.Append("\\u003c"); break;
                case '\u2028': sb.Append("\\u2028"); break;
                case '\u2029': sb.Append("\\u2029"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null: sb.Append("null"); break;
            case RawJson raw: sb.Append(raw.Json); break;
            case string s: WriteString(sb, s); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case int i: sb.Append(i.ToString(CultureInfo.InvariantCulture)); break;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d: sb.Append(d.ToString("R", CultureInfo.InvariantCulture)); break;
            case JObj obj:
                sb.Append('{');
                var first = true;
                foreach (var (k, v) in obj)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    WriteString(sb, k);
                    sb.Append(':');
                    Write(sb, v);
                }
                sb.Append('}');
                break;
            case System.Collections.IEnumerable list:
                sb.Append('[');
                var firstItem = true;
                foreach (var item in list)
                {
                    if (!firstItem) sb.Append(',');
                    firstItem = false;
                    Write(sb, item);
                }
                sb.Append(']');
                break;
            default:
                throw new NotSupportedException($"Cannot write {value.GetType()} as JSON.");
        }
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    {
                        sb.Append(c).Append(s[i + 1]);
                        i++;
                    }
                    else if (char.IsSurrogate(c))
                    {
                        // well-formed JSON.stringify (ES2019) escapes lone surrogates
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }
}
