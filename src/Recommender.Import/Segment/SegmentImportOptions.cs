using Recommender.Import.Output;

namespace Recommender.Import.Segment;

/// <summary>What <c>recommender import segment</c> reads and how it maps it.</summary>
public sealed record SegmentImportOptions
{
    /// <summary>A JSON Lines file (optionally gzipped) or a folder of them (<c>*.jsonl</c>, <c>*.ndjson</c>, <c>*.json</c>, each optionally <c>.gz</c>, read in name order).</summary>
    public required string Input { get; init; }

    public required string Output { get; init; }

    public SegmentMapping Mapping { get; init; } = new();

    /// <summary>A catalog file to check and copy into the output; null writes none.</summary>
    public string? Catalog { get; init; }

    public ImportOptions Write { get; init; } = new();
}
