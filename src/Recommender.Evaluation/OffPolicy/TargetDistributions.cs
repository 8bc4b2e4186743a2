namespace Recommender.Evaluation.OffPolicy;

/// <summary>
/// For every logged decision i, the actions a the target policy could take there, with π(a | x_i) and the reward
/// model's prediction q̂(x_i, a), in compressed-row form: decision i's entries are at
/// [<see cref="Offsets"/>[i], <see cref="Offsets"/>[i + 1]) of the three entry columns.
/// </summary>
/// <remarks>
/// Each decision's probabilities sum to one, and its entries include the logged action (with probability 0 when
/// the target never takes it) so that doubly robust can correct the reward model where the log has an outcome.
/// </remarks>
public sealed record TargetDistributions
{
    /// <summary>Decision i's entries start at Offsets[i]; Offsets has one more element than there are decisions, the last being the number of entries.</summary>
    public required int[] Offsets { get; init; }

    /// <summary>The action of each entry.</summary>
    public required string[] Actions { get; init; }

    /// <summary>π(a | x_i) of each entry, in [0, 1].</summary>
    public required double[] Probabilities { get; init; }

    /// <summary>q̂(x_i, a) of each entry: the reward model's expected reward of taking a in decision i's context.</summary>
    public required double[] PredictedRewards { get; init; }
}
