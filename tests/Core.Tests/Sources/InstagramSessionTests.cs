using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StoryBot.Core.Sources.Instagram;

namespace StoryBot.Core.Tests.Sources;

/// <summary>The session read from a file or from a reloading appsettings.json, replaced without a restart.</summary>
public sealed class InstagramSessionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("storybot-session-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-03-01T12:00:00Z"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (InstagramSession Session, ServiceProvider Services) Build(string json)
    {
        var path = Path.Combine(_folder, "appsettings.json");
        File.WriteAllText(path, json);
        var configuration = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: true).Build();
        var services = new ServiceCollection().AddOptions().Configure<InstagramOptions>(configuration.GetSection("Instagram")).BuildServiceProvider();
        var session = new InstagramSession(services.GetRequiredService<IOptionsMonitor<InstagramOptions>>(), _time, NullLogger<InstagramSession>.Instance);
        return (session, services);
    }

    [Fact]
    public void A_session_file_wins_and_a_new_content_is_picked_up()
    {
        var file = Path.Combine(_folder, "session");
        File.WriteAllText(file, "  first-session\n");
        var (session, services) = Build($$$"""{"Instagram":{"SessionId":"from-settings","SessionIdFile":{{{System.Text.Json.JsonSerializer.Serialize(file)}}}}}""");
        using var _ = services;
        var replaced = 0;
        session.Replaced += () => replaced++;

        Assert.Equal("first-session", session.Value);
        Assert.Equal(_time.GetUtcNow(), session.Since);
        Assert.Equal("Instagram:SessionIdFile", session.SourceName);

        File.WriteAllText(file, "second-session");
        _time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal("second-session", session.Value);                  // read again once the check interval passed
        Assert.Equal(_time.GetUtcNow(), session.Since);
        Assert.Equal(1, replaced);

        File.Delete(file);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(session.IsSet);
        Assert.Null(session.Since);
        Assert.Equal(1, replaced);                                        // a removal is no replacement
    }

    [Fact]
    public async Task A_changed_appsettings_json_replaces_the_session()
    {
        var (session, services) = Build("""{"Instagram":{"SessionId":"old-session"}}""");
        using var _ = services;
        var replaced = new TaskCompletionSource();
        session.Replaced += () => replaced.TrySetResult();
        Assert.Equal("old-session", session.Value);

        await File.WriteAllTextAsync(Path.Combine(_folder, "appsettings.json"), """{"Instagram":{"SessionId":"new-session"}}""");

        await replaced.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("new-session", session.Value);
    }
}
