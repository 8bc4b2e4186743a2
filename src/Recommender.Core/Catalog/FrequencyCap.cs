namespace Recommender.Core.Catalog;

/// <summary>A cap on sends per rolling day and per rolling week; null means no cap on that horizon.</summary>
public sealed record FrequencyCap
{
    public int? PerDay { get; init; }

    public int? PerWeek { get; init; }
}
