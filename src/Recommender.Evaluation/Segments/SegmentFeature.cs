using System.Globalization;

namespace Recommender.Evaluation.Segments;

/// <summary>A profile attribute the segment tree may split on, with the words an analyst reads.</summary>
/// <param name="Index">Position in the feature schema.</param>
/// <param name="Label">"company size", "industry = agency".</param>
/// <param name="IsCategory">A one-hot column (holds when hot) rather than a number.</param>
internal sealed record SegmentFeature(int Index, string Label, bool IsCategory)
{
    /// <summary>
    /// The schema's profile attributes, in schema order: plan, company size, and the profile's extra columns; not the
    /// presence flags, logarithms and catch-all "(other)" categories, which would not read as segments.
    /// </summary>
    public static IReadOnlyList<SegmentFeature> From(IReadOnlyList<string> names)
    {
        var features = new List<SegmentFeature>();
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (!name.StartsWith("profile.", StringComparison.Ordinal) || name.EndsWith(".present", StringComparison.Ordinal)
                || name.Contains(".log_", StringComparison.Ordinal) || name.EndsWith("=(other)", StringComparison.Ordinal))
            {
                continue;
            }

            var words = name["profile.".Length..];
            foreach (var prefix in new[] { "cat.", "num." })
            {
                if (words.StartsWith(prefix, StringComparison.Ordinal))
                {
                    words = words[prefix.Length..];
                }
            }

            var isCategory = words.Contains('=', StringComparison.Ordinal);
            features.Add(new SegmentFeature(i, words.Replace("_", " ", StringComparison.Ordinal).Replace("=", " = ", StringComparison.Ordinal), isCategory));
        }

        return features;
    }

    /// <summary>The condition in words: "industry = agency", "industry ≠ agency", "company size ≥ 10", "company size < 10".</summary>
    public string Describe(float threshold, bool holds) => IsCategory
        ? holds ? Label : Label.Replace(" = ", " ≠ ", StringComparison.Ordinal)
        : $"{Label} {(holds ? "≥" : "<")} {threshold.ToString("0.##", CultureInfo.InvariantCulture)}";
}
