using Microsoft.Extensions.Configuration;

namespace StoryBot.Bot.Health;

/// <summary>
/// <c>StoryBot healthcheck</c>: exit 0 when the running bot heard from Telegram within Health:MaxAge, else 1 with
/// one line saying why. Docker's HEALTHCHECK runs it; the image needs no curl.
/// </summary>
public static class HealthCheck
{
    public static int Run(IConfiguration configuration)
    {
        var path = HealthOptions.HeartbeatPath(configuration);
        var maxAge = configuration.GetSection(HealthOptions.Section).Get<HealthOptions>()?.MaxAge ?? new HealthOptions().MaxAge;
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"unhealthy: no heartbeat at {path} yet (the bot has not polled Telegram successfully)");
            return 1;
        }

        var age = DateTime.UtcNow - File.GetLastWriteTimeUtc(path);
        if (age > maxAge)
        {
            Console.Error.WriteLine($"unhealthy: last good poll of Telegram {age.TotalSeconds:0} s ago (more than {maxAge.TotalSeconds:0} s)");
            return 1;
        }

        Console.WriteLine($"healthy: last good poll of Telegram {age.TotalSeconds:0} s ago");
        return 0;
    }
}
