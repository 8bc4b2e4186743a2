namespace Recommender.Evaluation.Segments;

/// <summary>One step on the way to a leaf: a split of the tree and which side of it.</summary>
internal sealed record SegmentCondition(SegmentFeature Feature, float Threshold, bool Holds)
{
    public override string ToString() => Feature.Describe(Threshold, Holds);
}
