namespace Recommender.Core.Features;

/// <summary>Conventions for values that have no natural number.</summary>
public static class FeatureValues
{
    /// <summary>
    /// "Never" or "undefined": days or hours since an event that never happened, a rate over zero sends, an unknown
    /// company size or signup. Negative, where every real value of those features is zero or more, so trees split it
    /// off cleanly; and not NaN, so every vector compares bit for bit and no consumer trips over NaN handling.
    /// </summary>
    public const float Missing = -1f;

    /// <summary>How many of the latest sends (within 30 days) the open and click rates look at.</summary>
    public const int RecentSends = 10;
}
