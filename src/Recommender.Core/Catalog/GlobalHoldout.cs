using Recommender.Core.Randomness;

namespace Recommender.Core.Catalog;

/// <summary>
/// A persistent share of users who receive no promotional message (transactional ones still go): the standard proof
/// that messaging creates value at all, measured by comparing their outcomes with everyone else's. Membership is a salted
/// hash of the user id, so it is the same in every process, replica and replay, and a new salt draws a new group.
/// </summary>
public sealed record GlobalHoldout
{
    /// <summary>Share of users held out. Default 0.05; 0 disables the holdout.</summary>
    public double Share { get; init; } = 0.05;

    /// <summary>Salt of the membership hash. Change it to draw a new group (the old group's history then mixes in).</summary>
    public string Salt { get; init; } = "holdout-1";

    /// <summary>Whether <paramref name="userId"/> is held out.</summary>
    public bool Contains(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return Share > 0 && DeterministicRandom.For(StableHash.Of(Salt), userId).NextDouble() < Share;
    }
}
