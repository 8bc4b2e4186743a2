namespace Recommender.Evaluation.Tests.Synthetic;

/// <summary>One logged decision as read back from the events, with the world's truth at that instant.</summary>
/// <param name="UserId">The user: the cluster of the bootstrap.</param>
/// <param name="Action">The sent message id, or the no-send key.</param>
/// <param name="Propensity">The <c>propensity</c> property of the logged event.</param>
/// <param name="Value">Value of the goal reached in the window (0 when not reached).</param>
/// <param name="Goal">1 when the goal was reached in the window, else 0.</param>
internal sealed record LoggedDecision(string UserId, string Action, double Propensity, double Value, double Goal, DecisionTruth Truth);
