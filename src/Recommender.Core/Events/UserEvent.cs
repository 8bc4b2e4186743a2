namespace Recommender.Core.Events;

/// <summary>
/// One row of the <c>events</c> table: everything that happens to a user, product actions and
/// message reactions alike, in one log. Field names follow the Parquet columns of the data contract.
/// </summary>
/// <param name="EventId">Unique id; a repeated id is a duplicate delivery and is applied once.</param>
/// <param name="UserId">The user the event belongs to.</param>
/// <param name="Timestamp">When it happened, always UTC.</param>
/// <param name="EventType">A product action or one of <see cref="EventTypes"/>.</param>
/// <param name="MessageId">The message concerned, on message events.</param>
/// <param name="Value">Numeric payload (revenue, count, ticket priority).</param>
/// <param name="Properties">Anything else, as a JSON object.</param>
public sealed record UserEvent(
    string EventId,
    string UserId,
    DateTime Timestamp,
    string EventType,
    string? MessageId = null,
    double? Value = null,
    string? Properties = null);
