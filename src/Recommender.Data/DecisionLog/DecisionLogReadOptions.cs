using Recommender.Data.Validation;

namespace Recommender.Data.DecisionLog;

/// <summary>How <see cref="DecisionLogParquetReader"/> validates (timestamps are <c>as_of</c>), and where it reports.</summary>
public sealed class DecisionLogReadOptions : ReadOptions<DecisionLogReadSummary>;
