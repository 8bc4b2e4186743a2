namespace Recommender.Data.DecisionLog;

/// <summary>The valid, de-duplicated decisions of one row group of a decision log file.</summary>
/// <param name="FirstRow">0-based row index, within <paramref name="File"/>, of the row group's first row.</param>
public sealed record DecisionLogBatch(IReadOnlyList<DecisionLogEntry> Decisions, string File, long FirstRow);
