using Recommender.Core.Events;

namespace Recommender.Training.Examples;

/// <summary>What the head of an events table tells the schema: its frequent product event types and its <c>profile_updated</c> events.</summary>
public sealed record HeadSample(IReadOnlyList<string> EventTypes, IReadOnlyList<UserEvent> ProfileUpdates);
