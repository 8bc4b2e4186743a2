namespace Recommender.Simulation;

/// <summary>
/// What the world knows about a user and the recommender never sees directly. Observable profile
/// attributes explain part of each trait; the rest is hidden noise, so models can do well but not perfectly.
/// </summary>
/// <param name="Activity">Probability of being active on a day early in the lifecycle (0..1).</param>
/// <param name="Responsiveness">Multiplier on every message's lift (log-normal around 1).</param>
/// <param name="FatigueSensitivity">How strongly accumulated fatigue dampens response.</param>
/// <param name="UnsubscribeLogit">Personal offset of the unsubscribe logit.</param>
/// <param name="OpenLogit">Personal offset of the open logit.</param>
/// <param name="LifecycleDays">E-folding time of the decay of activity after signup.</param>
public sealed record UserTraits(
    double Activity,
    double Responsiveness,
    double FatigueSensitivity,
    double UnsubscribeLogit,
    double OpenLogit,
    double LifecycleDays)
{
    /// <summary>The user's active hours and per-channel responsiveness (flat unless drawn).</summary>
    public ArrivalTraits Arrival { get; init; } = ArrivalTraits.Flat;
}
