using System.Runtime.InteropServices;

namespace Recommender.Scoring;

/// <summary>
/// One internal node of a flattened tree: 16 bytes, so four nodes share a cache line.
/// </summary>
/// <remarks>
/// <see cref="Left"/> and <see cref="Right"/> hold a node index (≥ 0) or the bitwise complement of a leaf index
/// (&lt; 0), the encoding ML.NET's trees use too. The flags ride in the high bits of <see cref="Packed"/> so that
/// the hot loop reads one int for the feature and both flags.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct ForestNode(int Packed, float Threshold, int Left, int Right)
{
    /// <summary>A NaN feature value goes to <see cref="Left"/> (otherwise to <see cref="Right"/>).</summary>
    public const int NanGoesLeft = 1 << 30;

    /// <summary>
    /// The node tests a set of one-hot slots; the low bits index <see cref="CompiledForest"/>'s categorical split
    /// table instead of a feature.
    /// </summary>
    public const int Categorical = 1 << 29;

    /// <summary>Mask of the feature index (or categorical split index) in <see cref="Packed"/>.</summary>
    public const int IndexMask = Categorical - 1;

    public const int KnownFlags = NanGoesLeft | Categorical;

    public int Index => Packed & IndexMask;

    public bool IsCategorical => (Packed & Categorical) != 0;

    public bool IsNanLeft => (Packed & NanGoesLeft) != 0;

    public static ForestNode Numerical(int feature, float threshold, bool nanGoesLeft, int left, int right) =>
        new(feature | (nanGoesLeft ? NanGoesLeft : 0), threshold, left, right);

    public static ForestNode CategoricalSplit(int splitIndex, int left, int right) =>
        new(splitIndex | Categorical, 0f, left, right);
}
