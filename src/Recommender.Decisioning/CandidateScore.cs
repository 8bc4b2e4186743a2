using System.Text.Json.Serialization;

namespace Recommender.Decisioning;

/// <summary>
/// The score breakdown of one eligible candidate: the probabilities the scorer gave and the expected value
/// the decision rule made of them. <c>EV = uplift × value − fatigue_weight × P(unsubscribe) × unsubscribe_cost</c>.
/// </summary>
public sealed record CandidateScore(
    string MessageId,
    int Tier,
    double PGoalSend,
    double PGoalNoSend,
    double Uplift,
    double PUnsubscribe,
    double Value,
    double ExpectedValue)
{
    // The three send-time fields are written to JSON only when set (a decision with a look-ahead): a "now only"
    // answer, and the decision log's scores column of one, stay the same bytes as before send times existed.

    /// <summary>The candidate's best instant in the look-ahead; null for a "now only" decision.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? SendAt { get; init; }

    /// <summary>The candidate's best channel; null for a "now only" decision.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Channel { get; init; }

    /// <summary>
    /// The arrival factor (responsiveness at that local hour on that channel, less the cost of waiting) the expected
    /// value multiplies the uplift's value by; null for a "now only" decision.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ArrivalFactor { get; init; }
}
