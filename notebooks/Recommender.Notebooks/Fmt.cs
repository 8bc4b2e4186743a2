using System.Globalization;

namespace Recommender.Notebooks;

/// <summary>
/// Number formats of the pages, always invariant: a page rendered on a German or a French machine must be the same
/// bytes as the committed one. The styles follow docs/results.md (thousands with commas, "12.3 %").
/// </summary>
public static class Fmt
{
    /// <summary>An integer with thousands separators: 12,345.</summary>
    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A number with <paramref name="decimals"/> decimals and thousands separators: 1,234.5.</summary>
    public static string N(double value, int decimals) => double.IsFinite(value) ? value.ToString("N" + decimals, CultureInfo.InvariantCulture) : "–";

    /// <summary>A number with <paramref name="decimals"/> decimals, no separators: 0.8268 (for metrics).</summary>
    public static string F(double value, int decimals = 4) => double.IsFinite(value) ? value.ToString("F" + decimals, CultureInfo.InvariantCulture) : "–";

    /// <inheritdoc cref="F(double, int)"/>
    public static string F(double? value, int decimals = 4) => value is { } v ? F(v, decimals) : "–";

    /// <summary>A share as a percentage: 0.1234 → "12.3 %".</summary>
    public static string P(double share, int decimals = 1) =>
        double.IsFinite(share) ? (share * 100).ToString("F" + decimals, CultureInfo.InvariantCulture) + " %" : "–";

    /// <summary>A share with its 95 % interval: "12.3 % (11.0–13.6 %)".</summary>
    public static string P(double share, double low, double high, int decimals = 1) =>
        $"{P(share, decimals)} ({(low * 100).ToString("F" + decimals, CultureInfo.InvariantCulture)}–{P(high, decimals)})";

    /// <summary>A date: 2026-03-06.</summary>
    public static string D(DateTime value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An instant: 2026-03-06 14:00 UTC.</summary>
    public static string T(DateTime value) => value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
