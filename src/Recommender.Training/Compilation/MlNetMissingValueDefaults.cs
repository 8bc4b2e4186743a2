using System.Reflection;
using Microsoft.ML.Trainers.FastTree;

namespace Recommender.Training.Compilation;

/// <summary>
/// Reads the per-node value ML.NET substitutes for a NaN feature, which its public tree API does not expose.
/// </summary>
/// <remarks>
/// ML.NET's <c>InternalRegressionTree</c> replaces a NaN feature by <c>DefaultValueForMissing[node]</c> before the
/// <c>&lt;=</c> test: the threshold (LightGBM "default left"), the threshold + 1 ("default right") or 0 for splits
/// on features that had no missing values in training. When every default of a tree is 0 ML.NET drops the array,
/// and NaN then fails the test and goes right. Without this array a compiled forest could not route NaN as ML.NET
/// does, so it is read by reflection from the wrapper's <c>_tree</c> field (ML.NET 5.0). If a future ML.NET renames
/// either member, compiling fails loudly here instead of scoring NaN differently.
/// </remarks>
internal static class MlNetMissingValueDefaults
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private static readonly FieldInfo? TreeField = typeof(RegressionTreeBase).GetField("_tree", Instance);

    /// <summary>The per-node defaults, or null when the tree has none (NaN then always goes right).</summary>
    public static float[]? Read(RegressionTreeBase tree)
    {
        ArgumentNullException.ThrowIfNull(tree);

        var inner = TreeField?.GetValue(tree)
            ?? throw Unsupported("RegressionTreeBase._tree");
        var defaultsField = inner.GetType().GetField("DefaultValueForMissing", Instance)
            ?? throw Unsupported($"{inner.GetType().Name}.DefaultValueForMissing");
        if (defaultsField.GetValue(inner) is not float[] defaults)
            return null;
        if (defaults.Length < tree.NumberOfNodes)
        {
            throw new NotSupportedException(
                $"ML.NET's missing-value defaults cover {defaults.Length} nodes of a tree with {tree.NumberOfNodes}.");
        }

        return defaults;
    }

    private static NotSupportedException Unsupported(string member) => new(
        $"This ML.NET version has no {member}, which the compiler reads to route NaN features exactly as ML.NET " +
        "does. The compiler was written against Microsoft.ML.FastTree 5.0.1.");
}
