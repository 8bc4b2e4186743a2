using Parquet;

namespace Recommender.Training.Examples;

/// <summary>Facts about an events table read from Parquet footers alone, without reading any rows.</summary>
public static class EventTableInfo
{
    /// <summary>
    /// Rows in a <c>.parquet</c> file or in the <c>.parquet</c> files of a folder: the length of a progress bar. Null when
    /// a footer cannot be read: the validating reader that runs next reports that problem with its location.
    /// </summary>
    public static async Task<long?> CountRowsAsync(string path, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.parquet").Order(StringComparer.Ordinal).ToArray()
            : [path];
        long rows = 0;
        try
        {
            foreach (var file in files)
            {
                await using var stream = File.OpenRead(file);
                await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: ct).ConfigureAwait(false);
                rows += reader.RowGroups.Sum(g => g.RowCount);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Best effort: Parquet.Net throws several unrelated types on a corrupt footer (ThriftProtocolException among them).
            return null;
        }

        return rows;
    }
}
