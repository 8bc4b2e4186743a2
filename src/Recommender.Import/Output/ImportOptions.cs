namespace Recommender.Import.Output;

/// <summary>How an import writes, whatever it reads.</summary>
public sealed record ImportOptions
{
    /// <summary>Recent event ids checked for duplicate deliveries (40 bytes each). Default 500,000.</summary>
    public int DuplicateWindow { get; init; } = 500_000;

    /// <summary>Events per Parquet row group. Default 100,000, as the contract's writer. An import holds two row groups of events in memory.</summary>
    public int RowGroupSize { get; init; } = 100_000;

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
    }
}
