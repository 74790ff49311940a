using System.Security.Cryptography;
using System.Text;

namespace StoryBot.Tests.Fakes.Snapchat;

/// <summary>Ids in the real shapes (docs/snapchat-web.md §4.5, §4.6). Deterministic for the same inputs.</summary>
public static class SnapIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// <summary>A ~59-char story snap id; all snaps of one username share a 24-char prefix.</summary>
    public static string Story(string username, int index)
        => Chars("acct:" + username.ToLowerInvariant(), 24) + "AAAAg" + Chars($"snap:{username.ToLowerInvariant()}:{index}", 24) + "AAAAAA";

    /// <summary>A spotlight id; spotlight ids share the prefix <c>W7_EDlXWTBiXAEEniNoMPw</c> across users.</summary>
    public static string Spotlight(string username, int index)
        => "W7_EDlXWTBiXAEEniNoMPw" + "AAY" + Chars($"spot:{username.ToLowerInvariant()}:{index}", 30) + "AAAAAQ";

    /// <summary>A highlight id (uuid, as in <c>highlightId.value</c>).</summary>
    public static string Highlight(string username, int index)
    {
        var h = SHA256.HashData(Encoding.UTF8.GetBytes($"hl:{username.ToLowerInvariant()}:{index}"));
        return new Guid(h.AsSpan(0, 16)).ToString("D");
    }

    internal static string Chars(string seed, int length)
    {
        var sb = new StringBuilder(length);
        var counter = 0;
        while (sb.Length < length)
        {
            var h = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}#{counter++}"));
            foreach (var b in h)
            {
                if (sb.Length == length) break;
                sb.Append(Alphabet[b & 63]);
            }
        }
        return sb.ToString();
    }
}
