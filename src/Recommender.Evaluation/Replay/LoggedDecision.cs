using Recommender.Decisioning;

namespace Recommender.Evaluation.Replay;

/// <summary>
/// One logged decision of the evaluation period with its credited outcomes, and what each evaluated policy decided in
/// its place (the same state, profile, instant and decision id).
/// </summary>
/// <param name="Action">The logged action: the sent message id, or <see cref="Decision.NoSendAction"/>.</param>
/// <param name="MessageId">The logged message: sent, or held out by a <c>decision_no_send</c>.</param>
/// <param name="Propensity">The logging propensity of <paramref name="Action"/>; null when the event carries none.</param>
/// <param name="Goal">1 when the message's goal is credited to this decision (<see cref="AttributedRewards"/>).</param>
/// <param name="Value">The message's value times <paramref name="Goal"/>.</param>
/// <param name="Unsubscribe">1 when an unsubscribe or complaint is credited to this send.</param>
/// <param name="Policies">Per evaluated policy, in the order given to the replay.</param>
internal sealed record LoggedDecision(
    string UserId,
    string DecisionId,
    DateTime At,
    string Action,
    string MessageId,
    double? Propensity,
    double Goal,
    double Value,
    double Unsubscribe,
    PolicyReplay[] Policies);

/// <summary>A policy's decision at a logged decision point, and its scorer's probabilities for the logged message.</summary>
/// <param name="Logged">P(goal | send), P(goal | no send) and P(unsubscribe | send) of the logged message, suppressed or not.</param>
/// <param name="TimingRatio">
/// For a policy replayed with a look-ahead and a logged send: its probability of the send's instant and channel given
/// the message over the logging policy's (<see cref="DecisionReplay.TimingRatio"/>); 1 otherwise.
/// </param>
internal sealed record PolicyReplay(Decision Decision, CandidateProbabilities Logged, double TimingRatio = 1);
