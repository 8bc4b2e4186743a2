namespace Recommender.Data;

/// <summary>How <see cref="DecisionLogParquetReader"/> validates (timestamps are <c>as_of</c>), and where it reports.</summary>
public sealed class DecisionLogReadOptions : ReadOptions<DecisionLogReadSummary>;
