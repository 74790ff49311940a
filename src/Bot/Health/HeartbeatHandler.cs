namespace StoryBot.Bot.Health;

/// <summary>
/// Sits in the Telegram HTTP client and touches the heartbeat file after every successful getUpdates: the bot
/// is alive exactly when it keeps hearing from Telegram. The healthcheck command reads the file's age.
/// </summary>
public sealed class HeartbeatHandler(string path) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode && request.RequestUri?.AbsolutePath.EndsWith("/getUpdates", StringComparison.OrdinalIgnoreCase) == true)
            Touch();
        return response;
    }

    private void Touch()
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, DateTimeOffset.UtcNow.ToString("O"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A full or read-only disk shows up in the healthcheck as a stale heartbeat, which is right.
        }
    }
}
