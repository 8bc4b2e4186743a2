namespace Recommender.Scoring;

/// <summary>
/// One trained tree as a trainer hands it to <see cref="ForestBuilder"/>, in the convention LightGBM and ML.NET share:
/// node 0 is the root, a child reference is a node index (≥ 0) or the bitwise complement of a leaf index.
/// </summary>
/// <remarks>
/// The scoring library does not know any trainer: the training code reads its trainer's trees into this form
/// (deciding there how each split routes a missing value), and the builder lays them out for fast scoring.
/// A tree without splits is a single leaf, <see cref="LeafValues"/>[0].
/// </remarks>
/// <param name="LeftChild">Per split node, the reference taken when the test holds.</param>
/// <param name="RightChild">Per split node, the reference taken otherwise.</param>
/// <param name="LeafValues">Per leaf, the value it adds to the raw score.</param>
/// <param name="Splits">Per split node, its test.</param>
public sealed record TreeDefinition(
    IReadOnlyList<int> LeftChild,
    IReadOnlyList<int> RightChild,
    IReadOnlyList<double> LeafValues,
    IReadOnlyList<SplitDefinition> Splits);
