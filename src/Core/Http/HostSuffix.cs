namespace StoryBot.Core.Http;

public static class HostSuffix
{
    /// <summary>True for the host itself or any subdomain of it: "sc-cdn.net" matches "cf-st.sc-cdn.net" but not "evil-sc-cdn.net".</summary>
    public static bool Matches(string host, string suffix)
    {
        host = host.TrimEnd('.');
        suffix = suffix.Trim().TrimStart('.').TrimEnd('.');
        return suffix.Length > 0 &&
               (host.Equals(suffix, StringComparison.OrdinalIgnoreCase) ||
                host.EndsWith("." + suffix, StringComparison.OrdinalIgnoreCase));
    }
}
