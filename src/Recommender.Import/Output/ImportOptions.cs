namespace Recommender.Import.Output;

/// <summary>How an import writes, whatever it reads.</summary>
public sealed record ImportOptions
{
    /// <summary>Recent event ids checked for duplicate deliveries (40 bytes each). Default 500,000.</summary>
    public int DuplicateWindow { get; init; } = 500_000;

    /// <summary>Events per Parquet row group. Default 100,000, as the contract's writer. An import holds two row groups of events in memory.</summary>
    public int RowGroupSize { get; init; } = 100_000;

    /// <summary>
    /// Bound the process's managed heap during the import (<see cref="ImportHeapLimit"/>): the command line does; the
    /// GC's limit is the whole process's, so a library caller's process is left alone unless it asks. Default false.
    /// </summary>
    public bool BoundHeap { get; init; }

    /// <summary>With <see cref="BoundHeap"/>: the limit in bytes, set at once; null measures it from the first row groups.</summary>
    public long? MaxHeapBytes { get; init; }

    /// <summary>
    /// Replace a data folder that no import wrote (a generated world, a folder made by hand): its tables, catalog and
    /// oracle are removed first. Without it such a folder is refused; a folder an earlier import wrote (it holds
    /// <see cref="ImportSummary.FileName"/>) is written over either way, its catalog.json kept. Default false.
    /// </summary>
    public bool Overwrite { get; init; }

    /// <summary>Throws, naming the option, when one is out of range.</summary>
    public void Validate()
    {
        if (DuplicateWindow is < 1 or > RecentIds.MaxCapacity)
        {
            throw new ArgumentOutOfRangeException(
                nameof(DuplicateWindow), DuplicateWindow, $"The duplicate window must hold at least one id and at most {RecentIds.MaxCapacity:N0}.");
        }

        if (RowGroupSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RowGroupSize), RowGroupSize, "A row group needs at least one row.");
        }

        if (MaxHeapBytes is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxHeapBytes), MaxHeapBytes, "A heap limit must be positive; leave it out to measure one.");
        }
    }
}
