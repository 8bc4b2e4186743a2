using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;
using Recommender.Data.Validation;

namespace Recommender.Data.Tables;

/// <summary>
/// What the table readers share: a table is one Parquet file or a folder of them, files are opened with bad files
/// turned into issues and read row group by row group, and columns are looked up and described in the words that
/// issue messages use.
/// </summary>
internal static class ParquetTable
{
    /// <summary>
    /// Dates-only columns come back as <see cref="DateOnly"/>, so that a date column can never pass for a timestamp.
    /// </summary>
    public static ParquetOptions ReaderOptions { get; } = new() { UseDateOnlyTypeForDates = true };

    /// <summary>The files of a table: the file itself, or the folder's <c>*.parquet</c> files in ordinal name order.</summary>
    public static IReadOnlyList<string> ListFiles(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path))
        {
            return [path];
        }

        if (!Directory.Exists(path))
        {
            throw new FileNotFoundException($"No Parquet file or folder at \"{path}\".", path);
        }

        // Ordinal order makes part-00009 come before part-00010 for the zero-padded names every writer uses,
        // and does not depend on the machine's culture.
        var files = Directory.GetFiles(path, "*.parquet", SearchOption.TopDirectoryOnly);
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    /// <summary>Opens a file, or records why it is not a readable Parquet file and returns null.</summary>
    public static async Task<ParquetReader?> TryOpenAsync(string file, IssueBuffer issues, CancellationToken ct)
    {
        try
        {
            return await ParquetReader.CreateAsync(file, ReaderOptions, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ParquetException or Parquet.Meta.Proto.ThriftProtocolException or InvalidDataException or NotSupportedException)
        {
            issues.Error(file, null, null, "a readable Parquet file", $"a file that cannot be opened ({e.Message})");
            return null;
        }
    }

    /// <summary>
    /// The files of a table (<see cref="ListFiles(string)"/>); a folder without any is reported as an issue and gives none.
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    public static IReadOnlyList<string> ListFiles(string path, IssueBuffer issues, ReadSummary summary)
    {
        var files = ListFiles(path);
        if (files.Count == 0)
        {
            issues.Error(path, null, null, "a folder with at least one .parquet file", "no .parquet file");
            issues.Flush(summary);
        }

        return files;
    }

    /// <summary>
    /// Reads one file of a table, row group by row group, the same way for every table: a file that cannot be opened is
    /// reported and yields nothing; a file without the columns <paramref name="resolve"/> needs (it reports them and
    /// returns null) is rejected whole, every row counted as read and rejected; a row group whose columns cannot be
    /// decoded is reported and rejected whole; otherwise each group's columns (<paramref name="readColumns"/>) become
    /// what <paramref name="readRows"/> makes of them, given the group's row count and its first row in the file. The
    /// issues are flushed into the summary after each step, so a reader that throws on the first error stops there.
    /// </summary>
    public static async IAsyncEnumerable<TBatch> ReadGroupsAsync<TFields, TColumns, TBatch>(
        string file, ReadSummary summary, IssueBuffer issues, Func<ParquetSchema, TFields?> resolve,
        Func<ParquetRowGroupReader, TFields, int, CancellationToken, Task<TColumns>> readColumns,
        Func<TColumns, int, long, TBatch> readRows, [EnumeratorCancellation] CancellationToken ct)
        where TFields : class
    {
        summary.AddFile(file);
        var reader = await TryOpenAsync(file, issues, ct).ConfigureAwait(false);
        if (reader is null)
        {
            issues.Flush(summary);
            yield break;
        }

        await using (reader.ConfigureAwait(false))
        {
            var fields = resolve(reader.Schema);
            if (fields is null)
            {
                var all = reader.RowGroups.Sum(g => g.RowCount);
                summary.RowsRead += all;
                summary.RowsRejected += all;
                issues.Flush(summary);
                yield break;
            }

            issues.Flush(summary);
            // Read-ahead of one row group: while the caller turns group g into rows (and does its own work with them),
            // group g + 1 is decompressed and decoded on the thread pool, so a reader and its consumer keep two cores
            // busy. Only one group is ever read at a time (the file's stream is not shared by two reads), and the
            // summary and issues are touched only here, in order.
            Task<TColumns>? next = null;
            try
            {
                long firstRow = 0;
                next = reader.RowGroupCount > 0 ? StartReading(reader, 0, fields, readColumns, ct) : null;
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    ct.ThrowIfCancellationRequested();
                    var rows = checked((int)reader.RowGroups[g].RowCount);
                    summary.RowsRead += rows;
                    var reading = next!;
                    next = null;
                    var columns = await TryReadColumnsAsync(reading, rows, file, firstRow, summary, issues).ConfigureAwait(false);
                    if (g + 1 < reader.RowGroupCount)
                    {
                        next = StartReading(reader, g + 1, fields, readColumns, ct);
                    }

                    if (columns is not null)
                    {
                        var batch = readRows(columns.Value!, rows, firstRow);
                        issues.Flush(summary);
                        yield return batch;
                    }
                    else
                    {
                        issues.Flush(summary);
                    }

                    firstRow += rows;
                }
            }
            finally
            {
                // A caller that stops early (or fails) must not close the file under a read still running.
                if (next is not null)
                {
                    await next.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
                        .ConfigureAwait(false);
                }
            }
        }
    }

    private static Task<TColumns> StartReading<TFields, TColumns>(
        ParquetReader reader, int group, TFields fields,
        Func<ParquetRowGroupReader, TFields, int, CancellationToken, Task<TColumns>> readColumns, CancellationToken ct) =>
        Task.Run(async () =>
        {
            using var rowGroup = reader.OpenRowGroupReader(group);
            return await readColumns(rowGroup, fields, checked((int)rowGroup.RowCount), ct).ConfigureAwait(false);
        }, CancellationToken.None);

    private static async Task<StrongBox<TColumns>?> TryReadColumnsAsync<TColumns>(
        Task<TColumns> reading, int rows, string file, long firstRow, ReadSummary summary, IssueBuffer issues)
    {
        try
        {
            return new StrongBox<TColumns>(await reading.ConfigureAwait(false));
        }
        catch (Exception e) when (e is IOException or ParquetException or InvalidDataException)
        {
            summary.RowsRejected += rows;
            issues.Error(file, null, null, $"a readable row group at rows {firstRow}..{firstRow + rows - 1}", $"a corrupt row group ({e.Message})");
            return null;
        }
    }

    /// <summary>The top-level column named exactly <paramref name="name"/>, or null.</summary>
    public static Field? Find(ParquetSchema schema, string name) =>
        schema.Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));

    /// <summary>Words for a missing column: lists what is there, and points out a case-only mismatch.</summary>
    public static string DescribeMissing(ParquetSchema schema, string name)
    {
        var nearMiss = schema.Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        if (nearMiss is not null)
        {
            return $"no such column, but \"{nearMiss.Name}\" (column names are case-sensitive)";
        }

        return $"no such column (the file has {Show.List(schema.Fields.Select(f => f.Name))})";
    }

    public static string Describe(Field field) => field switch
    {
        DataField { IsArray: true } data => "a list of " + DescribeScalar(data),
        DataField data => DescribeScalar(data),
        StructField => "a struct",
        MapField => "a map",
        ListField => "a list",
        _ => "a nested column",
    };

    public static bool IsString(Field field) =>
        field is DataField { IsArray: false } data
        && (data.ClrType == typeof(string) || data.ClrType == typeof(ReadOnlyMemory<char>));

    public static bool IsTimestamp(Field field) =>
        field is DateTimeDataField { IsArray: false } || field is DataField { IsArray: false } data && data.ClrType == typeof(DateTime);

    /// <summary>Numbers of any width read as double; booleans count as 0/1 so that flags become numeric features.</summary>
    public static bool IsNumber(Field field) =>
        field is DataField { IsArray: false } data && ParquetColumns.NumericTypes.Contains(data.ClrType);

    private static string DescribeScalar(DataField field)
    {
        if (field is DateTimeDataField timestamp)
        {
            return timestamp.DateTimeFormat == DateTimeFormat.Impala ? "an INT96 timestamp"
                : timestamp.IsAdjustedToUTC ? "a UTC timestamp"
                : "a timestamp without time zone";
        }

        var type = field.ClrType;
        return type switch
        {
            _ when type == typeof(string) || type == typeof(ReadOnlyMemory<char>) => "a string",
            _ when type == typeof(double) => "a double",
            _ when type == typeof(float) => "a float",
            _ when type == typeof(long) => "an int64",
            _ when type == typeof(int) => "an int32",
            _ when type == typeof(short) => "an int16",
            _ when type == typeof(sbyte) || type == typeof(byte) => "an int8",
            _ when type == typeof(ulong) || type == typeof(uint) || type == typeof(ushort) => "an unsigned integer",
            _ when type == typeof(bool) => "a boolean",
            _ when type == typeof(decimal) => "a decimal",
            _ when type == typeof(DateTime) => "a timestamp",
            _ when type == typeof(DateOnly) => "a date (without time)",
            _ when type == typeof(TimeSpan) || type == typeof(TimeOnly) => "a time of day",
            _ when type == typeof(byte[]) => "binary data",
            _ => "a " + type.Name,
        };
    }
}
