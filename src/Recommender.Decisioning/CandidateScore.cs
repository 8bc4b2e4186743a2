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
    double ExpectedValue);
