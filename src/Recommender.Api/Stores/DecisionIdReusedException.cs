using Recommender.Core.Events;

namespace Recommender.Api.Stores;

/// <summary>
/// A send chosen by a decision whose id and message already recorded a send for the user at another instant: the
/// caller gave two decisions one <c>decision_id</c>. The send is keyed by decision and message (<see cref="EventKeys"/>),
/// so recording it would have been taken for the first one again and left out of every cap; nothing is recorded and
/// the decision must send nothing. A retry of the same decision (the same instant) still counts as recorded.
/// </summary>
public sealed class DecisionIdReusedException : Exception
{
    public DecisionIdReusedException(UserEvent send, DateTime recordedAt)
        : this(send ?? throw new ArgumentNullException(nameof(send)), DecisionIdOf(send), recordedAt)
    {
    }

    private DecisionIdReusedException(UserEvent send, string decisionId, DateTime recordedAt)
        : base($"The decision id '{decisionId}' already recorded a send of '{send.MessageId}' for '{send.UserId}' at {recordedAt:O}; each decision needs its own id.")
    {
        UserId = send.UserId;
        DecisionId = decisionId;
        MessageId = send.MessageId ?? "";
        RecordedAt = recordedAt;
    }

    public string UserId { get; }

    public string DecisionId { get; }

    public string MessageId { get; }

    /// <summary>The instant the earlier send was recorded at (to the millisecond on Redis).</summary>
    public DateTime RecordedAt { get; }

    /// <summary>The decision the send names (its properties carry it; the event id otherwise).</summary>
    private static string DecisionIdOf(UserEvent send) =>
        EventPropertyReader.GetString(send.Properties, EventProperties.DecisionId) ?? send.EventId;
}
