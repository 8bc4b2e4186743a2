namespace Recommender.Core.Events;

/// <summary>Names of the JSON properties the reserved event types may carry.</summary>
public static class EventProperties
{
    public const string DecisionId = "decision_id";
    public const string Propensity = "propensity";
    public const string Category = "category";
    public const string TicketId = "ticket_id";
}
