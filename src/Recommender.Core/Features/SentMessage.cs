namespace Recommender.Core.Features;

/// <summary>One send of a message, with whether it had been opened and clicked by the instant asked about.</summary>
public readonly record struct SentMessage(string MessageId, DateTime SentAt, bool Opened, bool Clicked);
