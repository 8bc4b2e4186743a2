using Recommender.Data.Validation;

namespace Recommender.Data.Events;

/// <summary>How <see cref="EventParquetReader"/> validates (timestamps are the <c>timestamp</c> column), and where it reports.</summary>
public sealed class EventReadOptions : ReadOptions<EventReadSummary>;
