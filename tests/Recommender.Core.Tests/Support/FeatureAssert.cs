using Recommender.Core.Features;

namespace Recommender.Core.Tests.Support;

internal static class FeatureAssert
{
    /// <summary>Same names, and every value equal to the bit (so -0 vs 0 or a last-ulp difference fails).</summary>
    public static void Equal(FeatureSchema schema, IReadOnlyDictionary<string, float> expected, ReadOnlySpan<float> actual, string context)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), schema.Names.Order(StringComparer.Ordinal));
        var mismatches = new List<string>();
        for (var i = 0; i < schema.Count; i++)
        {
            var want = expected[schema.Names[i]];
            if (BitConverter.SingleToInt32Bits(want) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                mismatches.Add($"{schema.Names[i]}: expected {want:R}, got {actual[i]:R}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{context}: {mismatches.Count} features differ:\n  {string.Join("\n  ", mismatches.Take(12))}");
    }

    /// <summary>Two vectors equal to the bit.</summary>
    public static void Identical(FeatureSchema schema, ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{context}: {schema.Names[i]} is {actual[i]:R}, expected {expected[i]:R}");
            }
        }
    }
}
