using Recommender.Import.Output;
using Recommender.Import.Segment;

namespace Recommender.Import.Csv;

/// <summary>What <c>recommender import csv</c> reads: which columns are the contract's fields, and the rest.</summary>
public sealed record CsvImportOptions
{
    /// <summary>A CSV file (optionally gzipped) or a folder of <c>*.csv</c> / <c>*.csv.gz</c> files with the same header, read in name order.</summary>
    public required string Input { get; init; }

    public required string Output { get; init; }

    public required string UserColumn { get; init; }

    public required string TimeColumn { get; init; }

    public required string TypeColumn { get; init; }

    /// <summary>The event id column; null derives each id from the record's bytes (an exact repeat is then a duplicate).</summary>
    public string? IdColumn { get; init; }

    public string? MessageColumn { get; init; }

    public string? ValueColumn { get; init; }

    /// <summary>Columns kept in <c>properties</c>; null keeps every column not named above.</summary>
    public IReadOnlyList<string>? PropertyColumns { get; init; }

    public CsvTimeFormat TimeFormat { get; init; } = CsvTimeFormat.Iso;

    public char Delimiter { get; init; } = ',';

    /// <summary>Numbers may have a decimal comma (<c>0,25</c>) in a <c>;</c>-separated file, the spreadsheet export of the countries that write them so.</summary>
    public bool DecimalComma => Delimiter == ';';

    /// <summary>Event names mapped to event types (<see cref="SegmentMapping.Events"/>, <see cref="SegmentMapping.SkipEvents"/>) and <see cref="SegmentMapping.AssumeUtc"/>.</summary>
    public SegmentMapping Mapping { get; init; } = new();

    /// <summary>A CSV of user attributes (one row per user, or dated rows with <see cref="ProfileTimeColumn"/>); null writes an empty profiles table.</summary>
    public string? Profiles { get; init; }

    /// <summary>The user column of <see cref="Profiles"/>; null: the same name as <see cref="UserColumn"/>.</summary>
    public string? ProfileUserColumn { get; init; }

    /// <summary>The column of <see cref="Profiles"/> saying since when a row's values hold; null: rows are undated.</summary>
    public string? ProfileTimeColumn { get; init; }

    public string? Catalog { get; init; }

    public ImportOptions Write { get; init; } = new();
}
