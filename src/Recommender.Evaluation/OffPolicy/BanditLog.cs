namespace Recommender.Evaluation.OffPolicy;

/// <summary>
/// A logged contextual-bandit data set, one entry per logged decision i, in columns (all of the same length):
/// the action a_i the logging policy took, its propensity p_i = π0(a_i | x_i), the reward r_i observed after it,
/// and the probability π(a_i | x_i) the target policy under evaluation gives the same action in the same context.
/// <see cref="Target"/> adds, for the direct method and doubly robust, the target's whole distribution at each
/// decision with a reward model's prediction q̂(x_i, a) per action.
/// </summary>
/// <remarks>
/// Contexts x_i are not stored: every estimator only needs these numbers at the logged decision points.
/// To evaluate another metric on the same decisions, swap the rewards: <c>log with { Rewards = unsubscribes }</c>
/// (and <see cref="TargetDistributions.PredictedRewards"/> for a reward model of that metric).
/// <see cref="BanditLogBuilder"/> fills the columns row by row. The estimators check the columns
/// (<see cref="InvalidBanditLogException"/> names the column, row and value at fault).
/// </remarks>
public sealed record BanditLog
{
    /// <summary>a_i: the logged action, a message id or the engine's "send nothing" key.</summary>
    public required string[] Actions { get; init; }

    /// <summary>
    /// p_i = π0(a_i | x_i) in (0, 1]; null where the log carries no propensity. IPS, SNIPS and DR skip such decisions
    /// and say so in a warning; DM, which needs no propensity, keeps them.
    /// </summary>
    public required double?[] LoggingPropensities { get; init; }

    /// <summary>r_i: what the metric measured after the decision (goal value, goal reached 1/0, unsubscribed 1/0, …).</summary>
    public required double[] Rewards { get; init; }

    /// <summary>π(a_i | x_i) in [0, 1]: the target policy's probability of the logged action at the logged instant.</summary>
    public required double[] TargetPropensities { get; init; }

    /// <summary>The target's full distribution and the reward model's predictions per decision; required by DM and DR only.</summary>
    public TargetDistributions? Target { get; init; }

    /// <summary>
    /// Optional cluster of each decision, usually the user id. When set, the bootstrap resamples whole clusters
    /// instead of single decisions: one user's decisions share the user's hidden traits and history, so they are not
    /// independent, and resampling them one by one understates the uncertainty.
    /// </summary>
    public string[]? Clusters { get; init; }

    /// <summary>
    /// Optional, for a target that chooses the instant and channel of a send as well as its message: per decision,
    /// π(logged instant and channel | logged message) / p(the same | logged message), the ratio that turns the weight
    /// π(a_i | x_i) / p_i over messages into the weight over (message, instant, channel); 1 for a decision to send
    /// nothing. Null (every ratio 1) for a target over messages. The target's distribution stays over messages, so
    /// the direct method's term is the value of its message choice.
    /// </summary>
    public double[]? TimingRatios { get; init; }

    /// <summary>Number of logged decisions.</summary>
    public int Count => Actions?.Length ?? 0;
}
