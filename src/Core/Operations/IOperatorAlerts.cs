namespace StoryBot.Core.Operations;

/// <summary>Tells the people who run the bot about something only they can fix (an expired or challenged session).</summary>
public interface IOperatorAlerts
{
    Task NotifyAsync(string message, CancellationToken cancellationToken);
}
