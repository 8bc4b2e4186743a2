namespace Recommender.Evaluation.OffPolicy;

/// <summary>One action of the target policy at one decision: π(a | x) and the reward model's q̂(x, a).</summary>
public readonly record struct TargetAction(string Action, double Probability, double PredictedReward);
