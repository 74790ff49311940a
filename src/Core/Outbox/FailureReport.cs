using StoryBot.Core.Sources;

namespace StoryBot.Core.Outbox;

/// <summary>The message that tells a chat which items of an account it did not get, and why.</summary>
public sealed record FailureReport(ChatPlace Place, StoryAccount Account, IReadOnlyList<ItemFailure> Failures);
