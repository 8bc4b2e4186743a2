using Recommender.Api.Decisions;

namespace Recommender.Api.Planning;

/// <summary>Writes a plan's rows, in order, to a stream it owns; <see cref="CompleteAsync"/> makes the file whole and durable.</summary>
public interface IPlanWriter : IAsyncDisposable
{
    Task WriteAsync(IReadOnlyList<DecisionDocument> rows, CancellationToken ct);

    /// <summary>Writes what closes the file (Parquet's footer), flushes it to the disk (fsync) and closes it.</summary>
    Task CompleteAsync(CancellationToken ct);
}

/// <summary>The writer for a plan file's extension.</summary>
public static class PlanWriters
{
    public static async Task<IPlanWriter> CreateAsync(string outPath, string tempPath, CancellationToken ct, bool sendTimes = false)
    {
        ArgumentNullException.ThrowIfNull(outPath);
        var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        try
        {
            return Path.GetExtension(outPath).ToLowerInvariant() switch
            {
                ".parquet" => await ParquetPlanWriter.CreateAsync(stream, ct, sendTimes).ConfigureAwait(false),
                ".csv" => new CsvPlanWriter(stream, sendTimes),
                _ => throw new PlanInputException($"--out {outPath}: expected a file name ending in .parquet or .csv."),
            };
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Checks the extension before anything is decided.</summary>
    public static void CheckName(string outPath)
    {
        ArgumentNullException.ThrowIfNull(outPath);
        if (Path.GetExtension(outPath).ToLowerInvariant() is not (".parquet" or ".csv"))
        {
            throw new PlanInputException($"--out {outPath}: expected a file name ending in .parquet or .csv, found '{Path.GetExtension(outPath)}'.");
        }
    }
}
