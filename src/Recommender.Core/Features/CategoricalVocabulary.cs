namespace Recommender.Core.Features;

/// <summary>
/// The known values of one categorical profile column. Each becomes a one-hot feature; any other value
/// (or none) sets the column's <c>(other)</c> feature.
/// </summary>
public sealed record CategoricalVocabulary(string Column, IReadOnlyList<string> Values);
