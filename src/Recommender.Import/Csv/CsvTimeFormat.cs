namespace Recommender.Import.Csv;

/// <summary>How a CSV's time column is written.</summary>
public enum CsvTimeFormat
{
    /// <summary>ISO-8601 with a zone (<c>2026-03-01T12:00:00Z</c>, <c>2026-03-01 12:00:00+01:00</c>).</summary>
    Iso,

    /// <summary>Seconds since 1970-01-01 UTC (fractions allowed).</summary>
    Unix,

    /// <summary>Milliseconds since 1970-01-01 UTC.</summary>
    UnixMs,
}
