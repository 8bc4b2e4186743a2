using System.ComponentModel.DataAnnotations;

namespace Recommender.Api.Decisions.Log;

/// <summary>Section <c>DecisionLog</c>: where and how decisions are logged for training and off-policy evaluation.</summary>
public sealed class DecisionLogOptions
{
    public const string Section = "DecisionLog";

    /// <summary>Write the log at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Folder of <c>decisions-*.parquet</c> files; a file appears (by rename) only once complete.</summary>
    [Required]
    public string Folder { get; set; } = "decision-log";

    /// <summary>A file is closed after this many rows...</summary>
    [Range(1, 10_000_000)]
    public int MaxRowsPerFile { get; set; } = 100_000;

    /// <summary>...or once it has been open this long, whichever comes first.</summary>
    public TimeSpan RollAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Rows per Parquet row group. Default 250: writing a group is a burst of CPU (encoding, compression) on one of the
    /// cores the requests use, so smaller groups keep decisions' tail latency down under load (benchmarks/api-load/run.sh;
    /// docs/results.md, "API load"); a group of 250 decisions is still 0.5 MB or so.
    /// </summary>
    [Range(1, 1_000_000)]
    public int RowGroupSize { get; set; } = 250;

    /// <summary>The Parquet codec of the log's columns. Default <see cref="DecisionLogCompression.Snappy"/>.</summary>
    public DecisionLogCompression Compression { get; set; } = DecisionLogCompression.Snappy;

    /// <summary>Decisions waiting to be written; when full, requests wait (back-pressure) rather than drop rows.</summary>
    [Range(1, 10_000_000)]
    public int QueueCapacity { get; set; } = 50_000;
}
