namespace Recommender.Decisioning;

/// <summary>A candidate a hard rule removed, the rule's id and a sentence a person can read.</summary>
public sealed record Suppression(string MessageId, string Rule, string Detail);
