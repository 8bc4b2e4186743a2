using Parquet;

namespace Recommender.Training.Examples;

/// <summary>Facts about an events table read from Parquet footers alone, without reading any rows.</summary>
public static class EventTableInfo
{
    /// <summary>Rows in a <c>.parquet</c> file or in the <c>.parquet</c> files of a folder: the length of a progress bar.</summary>
    public static async Task<long> CountRowsAsync(string path, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.parquet").Order(StringComparer.Ordinal).ToArray()
            : [path];
        long rows = 0;
        foreach (var file in files)
        {
            await using var stream = File.OpenRead(file);
            await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: ct).ConfigureAwait(false);
            rows += reader.RowGroups.Sum(g => g.RowCount);
        }

        return rows;
    }
}
