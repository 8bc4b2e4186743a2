using Recommender.Import.Output;

namespace Recommender.Import.OpenBandit;

/// <summary>What <c>recommender import obd</c> reads: one Open Bandit Dataset log folder (a campaign's CSV and <c>item_context.csv</c>).</summary>
public sealed record ObdImportOptions
{
    /// <summary>The folder of one logging policy's log, e.g. <c>obd-men/bts</c>: <c>men.csv</c> (or <c>women.csv</c>, <c>all.csv</c>) and <c>item_context.csv</c>.</summary>
    public required string Input { get; init; }

    public required string Output { get; init; }

    /// <summary>The start of every user id (<c>obd-bts-000123</c>); null: <c>obd-</c> and the input folder's name.</summary>
    public string? UserPrefix { get; init; }

    public ImportOptions Write { get; init; } = new();
}
