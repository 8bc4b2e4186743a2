namespace Recommender.Scoring;

/// <summary>
/// The test of one split node of a <see cref="TreeDefinition"/>. Numerical: go left when
/// <c>feature ≤ threshold</c>, and for a missing value (NaN) as <see cref="NanGoesLeft"/> says. Categorical
/// (<see cref="Slots"/> not null): go left when any of the slots is hot (&gt; 0); a NaN slot is never hot.
/// </summary>
public readonly record struct SplitDefinition(int Feature, float Threshold, bool NanGoesLeft, IReadOnlyList<int>? Slots)
{
    public static SplitDefinition Numerical(int feature, float threshold, bool nanGoesLeft) => new(feature, threshold, nanGoesLeft, null);

    public static SplitDefinition Categorical(IReadOnlyList<int> slots) => new(-1, 0, false, slots);
}
