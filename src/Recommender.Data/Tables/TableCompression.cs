namespace Recommender.Data.Tables;

/// <summary>
/// How hard a table writer compresses. Both are Zstd, which every Parquet reader decodes whatever the level: the choice
/// changes the file's bytes and size, never what it holds or who can read it.
/// </summary>
public enum TableCompression
{
    /// <summary>Zstd level 3, the product's default for its tables.</summary>
    Default,

    /// <summary>
    /// Zstd level 1, for writers where compression is a large share of the work (an import compresses every byte
    /// it reads): cheaper per byte and, on event logs, about as small (docs/results.md, "<c>import segment</c>").
    /// </summary>
    Fastest,
}
