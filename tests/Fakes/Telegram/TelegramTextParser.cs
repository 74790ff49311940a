using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StoryBot.Tests.Fakes.Telegram;

internal sealed record TextEntity(string Type, int Offset, int Length, string? Url = null, string? Language = null, string? CustomEmojiId = null)
{
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["type"] = Type, ["offset"] = Offset, ["length"] = Length };
        if (Url is not null)
        {
            json["url"] = Url;
        }

        if (Language is not null)
        {
            json["language"] = Language;
        }

        if (CustomEmojiId is not null)
        {
            json["custom_emoji_id"] = CustomEmojiId;
        }

        return json;
    }
}

internal sealed record FormattedText(string Text, IReadOnlyList<TextEntity> Entities)
{
    public JsonArray EntitiesJson()
    {
        var array = new JsonArray();
        foreach (var entity in Entities)
        {
            array.Add(entity.ToJson());
        }

        return array;
    }

    /// <summary>Stable representation used to detect "message is not modified".</summary>
    public string Signature() => Text + "\u0000" + EntitiesJson().ToJsonString();
}

/// <summary>Message of a text/caption error without the "Bad Request: " prefix, e.g. "Can't parse entities: ...".</summary>
internal sealed class TextParseException(string message) : Exception(message);

/// <summary>
/// Telegram's entity parsing (parse_mode HTML / Markdown / MarkdownV2, or explicit entities) with the Bot API server's
/// error texts, followed by the server-side trim of leading/trailing whitespace.
/// </summary>
internal static class TelegramTextParser
{
    public static FormattedText Parse(string text, string? parseMode, string? entitiesJson)
    {
        if (Encoding.UTF8.GetByteCount(text) > (1 << 15))
        {
            throw new TextParseException("Text is too long");
        }

        FormattedText parsed;
        var mode = (parseMode ?? "").ToLowerInvariant();
        if (text.Length > 0 && mode.Length > 0 && mode != "none")
        {
            parsed = mode switch
            {
                "html" => new HtmlParser(text).Parse(),
                "markdown" => ParseMarkdownV1(text),
                "markdownv2" => new MarkdownV2Parser(text).Parse(),
                _ => throw new TextParseException("Unsupported parse_mode"),
            };
        }
        else
        {
            parsed = new FormattedText(text, ReadExplicitEntities(entitiesJson, text.Length));
        }

        return Trim(parsed);
    }

    private static List<TextEntity> ReadExplicitEntities(string? entitiesJson, int textLength)
    {
        var result = new List<TextEntity>();
        if (string.IsNullOrEmpty(entitiesJson))
        {
            return result;
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(entitiesJson);
        }
        catch (JsonException)
        {
            throw new TextParseException("Can't parse entities JSON object");
        }

        if (node is not JsonArray array)
        {
            throw new TextParseException("Can't parse entities: expected an Array");
        }

        foreach (var item in array)
        {
            if (item is not JsonObject obj)
            {
                throw new TextParseException("Can't parse MessageEntity: expected an Object");
            }

            var type = obj["type"]?.GetValueKind() == JsonValueKind.String ? obj["type"]!.GetValue<string>() : null;
            if (string.IsNullOrEmpty(type))
            {
                throw new TextParseException("Can't parse MessageEntity: Field \"type\" must be a non-empty String");
            }

            var offset = ReadInt(obj["offset"]);
            var length = ReadInt(obj["length"]);
            if (offset < 0 || length <= 0 || offset >= textLength)
            {
                continue;
            }

            length = Math.Min(length, textLength - offset);
            result.Add(new TextEntity(type, offset, length, obj["url"]?.ToString(), obj["language"]?.ToString(), obj["custom_emoji_id"]?.ToString()));
        }

        return result;
    }

    private static int ReadInt(JsonNode? node)
    {
        if (node is null)
        {
            return 0;
        }

        if (node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out var value))
        {
            return value;
        }

        return int.TryParse(node.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
    }

    private static FormattedText Trim(FormattedText parsed)
    {
        var text = parsed.Text;
        var start = 0;
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        var end = text.Length;
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (start == 0 && end == text.Length)
        {
            return parsed;
        }

        var entities = new List<TextEntity>();
        foreach (var entity in parsed.Entities)
        {
            var entityStart = Math.Max(entity.Offset, start);
            var entityEnd = Math.Min(entity.Offset + entity.Length, end);
            if (entityEnd > entityStart)
            {
                entities.Add(entity with { Offset = entityStart - start, Length = entityEnd - entityStart });
            }
        }

        return new FormattedText(text[start..end], entities);
    }

    private static List<TextEntity> Sort(List<TextEntity> entities)
    {
        entities.RemoveAll(e => e.Length <= 0);
        return entities.OrderBy(e => e.Offset).ThenByDescending(e => e.Length).ToList();
    }

    private static int ByteOffset(string text, int charIndex) => Encoding.UTF8.GetByteCount(text.AsSpan(0, Math.Min(charIndex, text.Length)));

    // ---------------------------------------------------------------- HTML

    private sealed class HtmlParser(string source)
    {
        private static readonly HashSet<string> SupportedTags =
        [
            "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler", "tg-emoji", "span", "pre", "code",
            "blockquote", "tg-time",
        ];

        private readonly StringBuilder _output = new();
        private readonly List<TextEntity> _entities = [];
        private readonly Stack<OpenTag> _stack = new();

        private sealed record OpenTag(string Name, int Start, Dictionary<string, string> Attributes);

        public FormattedText Parse()
        {
            var i = 0;
            while (i < source.Length)
            {
                var c = source[i];
                if (c == '&')
                {
                    i = DecodeEntity(i);
                    continue;
                }

                if (c != '<')
                {
                    _output.Append(c);
                    i++;
                    continue;
                }

                i = i + 1 < source.Length && source[i + 1] == '/' ? EndTag(i) : StartTag(i);
            }

            if (_stack.Count > 0)
            {
                throw new TextParseException($"Can't parse entities: Can't find end tag corresponding to start tag \"{_stack.Peek().Name}\"");
            }

            return new FormattedText(_output.ToString(), Sort(_entities));
        }

        private TextParseException Error(string message) => new("Can't parse entities: " + message);

        private int DecodeEntity(int i)
        {
            var semicolon = source.IndexOf(';', i + 1);
            if (semicolon > i + 1 && semicolon - i <= 12)
            {
                var name = source[(i + 1)..semicolon];
                string? decoded = name switch
                {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    _ => null,
                };
                if (decoded is null && name.StartsWith('#'))
                {
                    var isHex = name.Length > 1 && (name[1] == 'x' || name[1] == 'X');
                    var digits = isHex ? name[2..] : name[1..];
                    if (int.TryParse(digits, isHex ? NumberStyles.HexNumber : NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                        && code is > 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF))
                    {
                        decoded = char.ConvertFromUtf32(code);
                    }
                }

                if (decoded is not null)
                {
                    _output.Append(decoded);
                    return semicolon + 1;
                }
            }

            _output.Append('&');
            return i + 1;
        }

        private int StartTag(int begin)
        {
            var i = begin + 1;
            while (i < source.Length && !char.IsWhiteSpace(source[i]) && source[i] != '>')
            {
                i++;
            }

            if (i >= source.Length)
            {
                throw Error($"Unclosed start tag at byte offset {ByteOffset(source, begin)}");
            }

            var tag = source[(begin + 1)..i].ToLowerInvariant();
            if (!SupportedTags.Contains(tag))
            {
                throw Error($"Unsupported start tag \"{tag}\" at byte offset {ByteOffset(source, begin)}");
            }

            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            while (true)
            {
                while (i < source.Length && char.IsWhiteSpace(source[i]))
                {
                    i++;
                }

                if (i >= source.Length)
                {
                    throw Error($"Unclosed start tag at byte offset {ByteOffset(source, begin)}");
                }

                if (source[i] == '>')
                {
                    i++;
                    break;
                }

                var nameStart = i;
                while (i < source.Length && (char.IsAsciiLetterOrDigit(source[i]) || source[i] == '-' || source[i] == '_'))
                {
                    i++;
                }

                var attributeName = source[nameStart..i].ToLowerInvariant();
                if (attributeName.Length == 0)
                {
                    throw Error($"Empty attribute name in the tag \"{tag}\" at byte offset {ByteOffset(source, begin)}");
                }

                while (i < source.Length && char.IsWhiteSpace(source[i]))
                {
                    i++;
                }

                if (i < source.Length && source[i] != '=')
                {
                    attributes[attributeName] = "";
                    continue;
                }

                if (i >= source.Length)
                {
                    throw Error($"Unclosed start tag at byte offset {ByteOffset(source, begin)}");
                }

                i++;
                while (i < source.Length && char.IsWhiteSpace(source[i]))
                {
                    i++;
                }

                if (i >= source.Length)
                {
                    throw Error($"Unclosed start tag at byte offset {ByteOffset(source, begin)}");
                }

                string value;
                if (source[i] is '"' or '\'')
                {
                    var quote = source[i];
                    var close = source.IndexOf(quote, i + 1);
                    if (close < 0)
                    {
                        throw Error($"Unclosed start tag at byte offset {ByteOffset(source, begin)}");
                    }

                    value = System.Net.WebUtility.HtmlDecode(source[(i + 1)..close]);
                    i = close + 1;
                }
                else
                {
                    var valueStart = i;
                    while (i < source.Length && !char.IsWhiteSpace(source[i]) && source[i] != '>')
                    {
                        i++;
                    }

                    value = source[valueStart..i];
                }

                attributes[attributeName] = value;
            }

            if (tag == "span" && (!attributes.TryGetValue("class", out var cls) || cls != "tg-spoiler"))
            {
                throw Error($"Tag \"span\" must have class \"tg-spoiler\" at byte offset {ByteOffset(source, begin)}");
            }

            _stack.Push(new OpenTag(tag, _output.Length, attributes));
            return i;
        }

        private int EndTag(int begin)
        {
            var close = source.IndexOf('>', begin + 2);
            if (close < 0)
            {
                throw Error($"Unclosed end tag at byte offset {ByteOffset(source, begin)}");
            }

            var name = source[(begin + 2)..close].Trim().ToLowerInvariant();
            if (_stack.Count == 0)
            {
                throw Error($"Unexpected end tag at byte offset {ByteOffset(source, begin)}");
            }

            var open = _stack.Peek();
            if (name != open.Name)
            {
                throw Error($"Unmatched end tag at byte offset {ByteOffset(source, begin)}, expected \"</{open.Name}>\", found \"</{name}>\"");
            }

            _stack.Pop();
            AddEntity(open);
            return close + 1;
        }

        private void AddEntity(OpenTag open)
        {
            var length = _output.Length - open.Start;
            var attributes = open.Attributes;
            switch (open.Name)
            {
                case "b":
                case "strong":
                    _entities.Add(new TextEntity("bold", open.Start, length));
                    break;
                case "i":
                case "em":
                    _entities.Add(new TextEntity("italic", open.Start, length));
                    break;
                case "u":
                case "ins":
                    _entities.Add(new TextEntity("underline", open.Start, length));
                    break;
                case "s":
                case "strike":
                case "del":
                    _entities.Add(new TextEntity("strikethrough", open.Start, length));
                    break;
                case "tg-spoiler":
                case "span":
                    _entities.Add(new TextEntity("spoiler", open.Start, length));
                    break;
                case "a":
                    var href = attributes.GetValueOrDefault("href") ?? "";
                    if (href.Length > 0)
                    {
                        _entities.Add(new TextEntity("text_link", open.Start, length, Url: href));
                    }

                    break;
                case "tg-emoji":
                    _entities.Add(new TextEntity("custom_emoji", open.Start, length, CustomEmojiId: attributes.GetValueOrDefault("emoji-id") ?? ""));
                    break;
                case "blockquote":
                    _entities.Add(new TextEntity(attributes.ContainsKey("expandable") ? "expandable_blockquote" : "blockquote", open.Start, length));
                    break;
                case "pre":
                    var language = attributes.GetValueOrDefault("data-language");
                    _entities.Add(new TextEntity("pre", open.Start, length, Language: language));
                    break;
                case "code":
                    var cls = attributes.GetValueOrDefault("class");
                    if (_stack.Count > 0 && _stack.Peek().Name == "pre" && cls is not null && cls.StartsWith("language-", StringComparison.Ordinal))
                    {
                        _stack.Peek().Attributes["data-language"] = cls["language-".Length..];
                    }
                    else
                    {
                        _entities.Add(new TextEntity("code", open.Start, length));
                    }

                    break;
                case "tg-time":
                    _entities.Add(new TextEntity("date_time", open.Start, length));
                    break;
            }
        }
    }

    // ---------------------------------------------------------------- Markdown (legacy)

    private static FormattedText ParseMarkdownV1(string text)
    {
        var output = new StringBuilder();
        var entities = new List<TextEntity>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '_' or '*' or '`' or '[')
            {
                output.Append(text[i + 1]);
                i += 2;
                continue;
            }

            if (c is not ('_' or '*' or '`' or '['))
            {
                output.Append(c);
                i++;
                continue;
            }

            var begin = i;
            var start = output.Length;
            if (c == '`' && string.CompareOrdinal(text, i, "```", 0, 3) == 0)
            {
                var close = text.IndexOf("```", i + 3, StringComparison.Ordinal);
                if (close < 0)
                {
                    throw new TextParseException($"Can't parse entities: Can't find end of the entity starting at byte offset {ByteOffset(text, begin)}");
                }

                var body = text[(i + 3)..close];
                string? language = null;
                var newline = body.IndexOf('\n');
                if (newline > 0 && !body[..newline].Any(char.IsWhiteSpace))
                {
                    language = body[..newline];
                    body = body[(newline + 1)..];
                }

                output.Append(body);
                entities.Add(new TextEntity("pre", start, body.Length, Language: language));
                i = close + 3;
                continue;
            }

            var endChar = c == '[' ? ']' : c;
            var end = text.IndexOf(endChar, i + 1);
            if (end < 0)
            {
                throw new TextParseException($"Can't parse entities: Can't find end of the entity starting at byte offset {ByteOffset(text, begin)}");
            }

            var inner = text[(i + 1)..end];
            output.Append(inner);
            i = end + 1;
            switch (c)
            {
                case '*':
                    entities.Add(new TextEntity("bold", start, inner.Length));
                    break;
                case '_':
                    entities.Add(new TextEntity("italic", start, inner.Length));
                    break;
                case '`':
                    entities.Add(new TextEntity("code", start, inner.Length));
                    break;
                case '[':
                    if (i < text.Length && text[i] == '(')
                    {
                        var closeParen = text.IndexOf(')', i + 1);
                        if (closeParen >= 0)
                        {
                            var url = text[(i + 1)..closeParen];
                            i = closeParen + 1;
                            if (url.Length > 0)
                            {
                                entities.Add(new TextEntity("text_link", start, inner.Length, Url: url));
                            }
                        }
                    }

                    break;
            }
        }

        return new FormattedText(output.ToString(), Sort(entities));
    }

    // ---------------------------------------------------------------- MarkdownV2

    private sealed class MarkdownV2Parser(string source)
    {
        private const string Reserved = "_*[]()~`>#+-=|{}.!";
        private readonly StringBuilder _output = new();
        private readonly List<TextEntity> _entities = [];
        private readonly List<Open> _stack = [];

        private sealed record Open(string Type, int Start, int ByteOffset);

        public FormattedText Parse()
        {
            var i = 0;
            var blockquoteStart = -1;
            while (i < source.Length)
            {
                var c = source[i];
                var atLineStart = i == 0 || source[i - 1] == '\n';
                var top = _stack.Count > 0 ? _stack[^1].Type : null;

                if (atLineStart && blockquoteStart >= 0 && c != '>')
                {
                    CloseBlockquote(ref blockquoteStart);
                }

                if (c == '\\' && i + 1 < source.Length && source[i + 1] > 0 && source[i + 1] <= 126)
                {
                    _output.Append(source[i + 1]);
                    i += 2;
                    continue;
                }

                if (top is "code" or "pre")
                {
                    if (top == "pre" && string.CompareOrdinal(source, i, "```", 0, 3) == 0)
                    {
                        CloseTop();
                        i += 3;
                        continue;
                    }

                    if (top == "code" && c == '`')
                    {
                        CloseTop();
                        i++;
                        continue;
                    }

                    _output.Append(c);
                    i++;
                    continue;
                }

                if (!Reserved.Contains(c))
                {
                    _output.Append(c);
                    i++;
                    continue;
                }

                if (c == '>' && atLineStart)
                {
                    if (blockquoteStart < 0)
                    {
                        blockquoteStart = _output.Length;
                    }

                    i++;
                    continue;
                }

                switch (c)
                {
                    case '*':
                        Toggle("bold", i);
                        i++;
                        continue;
                    case '~':
                        Toggle("strikethrough", i);
                        i++;
                        continue;
                    case '_':
                        if (top == "italic")
                        {
                            Toggle("italic", i);
                            i++;
                        }
                        else if (i + 1 < source.Length && source[i + 1] == '_')
                        {
                            Toggle("underline", i);
                            i += 2;
                        }
                        else
                        {
                            Toggle("italic", i);
                            i++;
                        }

                        continue;
                    case '|' when i + 1 < source.Length && source[i + 1] == '|':
                        Toggle("spoiler", i);
                        i += 2;
                        continue;
                    case '`':
                        if (string.CompareOrdinal(source, i, "```", 0, 3) == 0)
                        {
                            i += 3;
                            var newline = source.IndexOf('\n', i);
                            string? language = null;
                            if (newline > i && !source[i..newline].Any(char.IsWhiteSpace) && source.IndexOf("```", i, StringComparison.Ordinal) > newline)
                            {
                                language = source[i..newline];
                                i = newline + 1;
                            }

                            _stack.Add(new Open(language is null ? "pre" : "pre:" + language, _output.Length, ByteOffset(source, i)));
                            FixPreType();
                        }
                        else
                        {
                            _stack.Add(new Open("code", _output.Length, ByteOffset(source, i)));
                            i++;
                        }

                        continue;
                    case '[':
                        _stack.Add(new Open("text_link", _output.Length, ByteOffset(source, i)));
                        i++;
                        continue;
                    case '!' when i + 1 < source.Length && source[i + 1] == '[':
                        _stack.Add(new Open("custom_emoji", _output.Length, ByteOffset(source, i)));
                        i += 2;
                        continue;
                    case ']' when top is "text_link" or "custom_emoji":
                        i = CloseLink(i);
                        continue;
                }

                throw new TextParseException($"Can't parse entities: Character '{c}' is reserved and must be escaped with the preceding '\\'");
            }

            if (blockquoteStart >= 0)
            {
                CloseBlockquote(ref blockquoteStart);
            }

            if (_stack.Count > 0)
            {
                var open = _stack[^1];
                throw new TextParseException($"Can't parse entities: Can't find end of {EntityName(open.Type)} entity at byte offset {open.ByteOffset}");
            }

            return new FormattedText(_output.ToString(), Sort(_entities));
        }

        private void FixPreType()
        {
            // "pre:lang" is kept in the stack type so the language survives; normalise "top" checks.
            var open = _stack[^1];
            if (open.Type.StartsWith("pre:", StringComparison.Ordinal))
            {
                _stack[^1] = open with { Type = "pre" };
                _preLanguage[_stack.Count - 1] = open.Type[4..];
            }
        }

        private readonly Dictionary<int, string> _preLanguage = [];

        private void CloseBlockquote(ref int blockquoteStart)
        {
            var end = _output.Length;
            if (end > blockquoteStart && _output[end - 1] == '\n')
            {
                end--;
            }

            _entities.Add(new TextEntity("blockquote", blockquoteStart, end - blockquoteStart));
            blockquoteStart = -1;
        }

        private void Toggle(string type, int index)
        {
            if (_stack.Count > 0 && _stack[^1].Type == type)
            {
                CloseTop();
                return;
            }

            _stack.Add(new Open(type, _output.Length, ByteOffset(source, index)));
        }

        private void CloseTop()
        {
            var depth = _stack.Count - 1;
            var open = _stack[depth];
            _stack.RemoveAt(depth);
            string? language = null;
            if (_preLanguage.Remove(depth, out var lang))
            {
                language = lang;
            }

            _entities.Add(new TextEntity(open.Type, open.Start, _output.Length - open.Start, Language: language));
        }

        private int CloseLink(int i)
        {
            var depth = _stack.Count - 1;
            var open = _stack[depth];
            _stack.RemoveAt(depth);
            i++;
            if (i >= source.Length || source[i] != '(')
            {
                if (open.Type == "custom_emoji")
                {
                    throw new TextParseException($"Can't parse entities: Custom emoji entity must contain a tg://emoji URL");
                }

                return i;
            }

            var url = new StringBuilder();
            i++;
            while (i < source.Length && source[i] != ')')
            {
                if (source[i] == '\\' && i + 1 < source.Length)
                {
                    url.Append(source[i + 1]);
                    i += 2;
                    continue;
                }

                url.Append(source[i]);
                i++;
            }

            if (i >= source.Length)
            {
                throw new TextParseException($"Can't parse entities: Can't find end of a url at byte offset {open.ByteOffset}");
            }

            var length = _output.Length - open.Start;
            if (open.Type == "custom_emoji")
            {
                var id = url.ToString();
                var marker = id.IndexOf("id=", StringComparison.Ordinal);
                _entities.Add(new TextEntity("custom_emoji", open.Start, length, CustomEmojiId: marker >= 0 ? id[(marker + 3)..] : id));
            }
            else if (url.Length > 0)
            {
                _entities.Add(new TextEntity("text_link", open.Start, length, Url: url.ToString()));
            }

            return i + 1;
        }

        private static string EntityName(string type) => type switch
        {
            "bold" => "Bold",
            "italic" => "Italic",
            "underline" => "Underline",
            "strikethrough" => "Strikethrough",
            "spoiler" => "Spoiler",
            "code" => "Code",
            "pre" => "Pre",
            "text_link" => "TextUrl",
            "custom_emoji" => "CustomEmoji",
            _ => type,
        };
    }
}
