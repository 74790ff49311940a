namespace StoryBot.Core.Media;

/// <summary>Either the prepared file or the reason there is none.</summary>
public sealed record MediaOutcome(PreparedMedia? Media, MediaFailure? Failure);
