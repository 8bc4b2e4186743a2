namespace Recommender.Training.Examples;

/// <summary>Parallelism and memory knobs of <see cref="ExamplePipeline"/>. The defaults suit a laptop.</summary>
public sealed record ExamplePipelineOptions
{
    /// <summary>
    /// Threads building examples. Default: one per core but one, because the Parquet reader is a single thread that
    /// needs a core of its own (on two cores: reader on one, the builder and the writer on the other). The fold and the
    /// features cost about half of what reading does, so more workers than that only add contention.
    /// </summary>
    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>
    /// Events per unit of work (whole users, so a unit can be larger). Bigger units mean bigger row groups and less
    /// coordination; memory is about <see cref="ChunksInFlight"/> units of events plus their examples.
    /// </summary>
    public int ChunkEvents { get; init; } = 50_000;

    /// <summary>Units read ahead of the writer, at most. Bounds memory whatever the table size. Default: one per worker, plus two.</summary>
    public int ChunksInFlight { get; init; } = Math.Max(1, Environment.ProcessorCount - 1) + 2;

    /// <summary>Temporary files for events not grouped by user; each must fit in memory once. Default 64.</summary>
    public int Partitions { get; init; } = 64;

    /// <summary>Where the partition files go; default the system temp folder.</summary>
    public string? TempDirectory { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Workers, nameof(Workers));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ChunkEvents, nameof(ChunkEvents));
        ArgumentOutOfRangeException.ThrowIfLessThan(ChunksInFlight, Workers, nameof(ChunksInFlight));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Partitions, nameof(Partitions));
    }
}
