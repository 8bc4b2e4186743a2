namespace Recommender.Scoring;

/// <summary>A slice of <see cref="CompiledForest"/>'s flat array of one-hot slot indices.</summary>
internal readonly record struct CategoricalSplit(int Start, int Count);
