using StoryBot.Core.Sources.Snapchat;

namespace StoryBot.Core.Tests.Sources;

public class SnapchatUsernameTests
{
    [Theory]
    [InlineData("coastal_ivy", "coastal_ivy")]
    [InlineData("  Coastal.Ivy-2  ", "coastal.ivy-2")]
    [InlineData("@wolftyla", "wolftyla")]
    [InlineData("abc", "abc")]
    [InlineData("abcdefghijklmno", "abcdefghijklmno")]
    [InlineData("https://www.snapchat.com/add/coastal_ivy", "coastal_ivy")]
    [InlineData("https://www.snapchat.com/add/coastal_ivy/", "coastal_ivy")]
    [InlineData("https://www.snapchat.com/add/coastal_ivy?share_id=abc&locale=en-US", "coastal_ivy")]
    [InlineData("www.snapchat.com/add/coastal_ivy", "coastal_ivy")]
    [InlineData("snapchat.com/@coastal_ivy", "coastal_ivy")]
    [InlineData("https://snapchat.com/@coastal_ivy/", "coastal_ivy")]
    [InlineData("https://story.snapchat.com/@coastal_ivy", "coastal_ivy")]
    [InlineData("http://story.snapchat.com/s/coastal_ivy#top", "coastal_ivy")]
    [InlineData("httpster", "httpster")]                                           // a username, not a link
    [InlineData("https://www.snapchat.com/add/coastal_ivy/W7_EDlXWTBiXAEEniNoMPwAAYb2x0bmlzcnRsAZuiYJRuAZuiYJRpAAAAAA", "coastal_ivy")]
    [InlineData("https://www.snapchat.com/@coastal_ivy/highlight/5b1f1e54-0c6f-4d4d-9c4a-7d2f3a1e9b10", "coastal_ivy")]
    [InlineData("https://www.snapchat.com/add/coastal_ivy/highlight/5b1f1e54-0c6f-4d4d-9c4a-7d2f3a1e9b10", "coastal_ivy")]
    [InlineData("https://www.snapchat.com/@coastal_ivy/spotlight/W7_EDlXWTBiXAEEniNoMPwAAYdW9iYnhj", "coastal_ivy")]
    public void Accepts_usernames_and_profile_links(string input, string expected)
    {
        Assert.True(SnapchatUsername.TryParse(input, out var username));
        Assert.Equal(expected, username);
    }

    public static TheoryData<string?> Hostile => new()
    {
        null,
        "",
        "   ",
        "ab",
        "abcdefghijklmnop",                                  // 16 characters
        "../etc",
        "..%2Fadmin",
        "coastal ivy",
        "coastal/ivy",
        "cöastal",                                           // unicode letter
        "coastal_ivy\u200b",                                 // zero-width space
        "ｃｏａｓｔａｌ",                                      // full-width letters
        "user;rm -rf",
        new string('a', 300),
        "https://www.snapchat.com/add/" + new string('a', 300),
        "https://evil.example/add/coastal_ivy",
        "https://snapchat.com.evil.example/add/coastal_ivy",
        "https://www.snapchat.com/add/../../etc/passwd",
        "https://www.snapchat.com/spotlight/W7_EDlXWTBiXAEEniNoMPwAAYdW9iYnhj",    // no profile in it
        "https://t.snapchat.com/AbCdEfGh",                                        // a short link: not resolvable offline
        "https://www.snapchat.com/t/AbCdEfGh",
        "https://www.snapchat.com/add/../coastal_ivy/x",
        "https://www.snapchat.com:8443/add/coastal_ivy",
        "https://user:pass@www.snapchat.com/add/coastal_ivy",
        "ftp://www.snapchat.com/add/coastal_ivy",
        "javascript:alert(1)",
        "https://www.snapchat.com/",
        "https://www.snapchat.com/add/",
        "https://www.snapchat.com/add/a%2F..",
        "@",
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Refuses_anything_else(string? input)
    {
        Assert.False(SnapchatUsername.TryParse(input, out var username));
        Assert.Equal("", username);
    }
}
