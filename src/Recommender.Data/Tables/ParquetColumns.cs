using Parquet;
using Parquet.Schema;

namespace Recommender.Data.Tables;

/// <summary>
/// Reads one column of one row group into a nullable array, whatever the column's declared nullability:
/// producers such as pandas mark every column optional, so nulls are checked per row, not per schema.
/// </summary>
internal static class ParquetColumns
{
    public static IReadOnlySet<Type> NumericTypes { get; } = new HashSet<Type>
    {
        typeof(double), typeof(float), typeof(long), typeof(int), typeof(short), typeof(sbyte),
        typeof(byte), typeof(ulong), typeof(uint), typeof(ushort), typeof(decimal), typeof(bool),
    };

    public static async ValueTask<string?[]> ReadStringsAsync(
        ParquetRowGroupReader group, DataField field, int rows, CancellationToken ct)
    {
        var values = new string?[rows];
        await group.ReadAsync(field, values.AsMemory(), null, ct).ConfigureAwait(false);
        return values;
    }

    public static async ValueTask<DateTime?[]> ReadTimestampsAsync(
        ParquetRowGroupReader group, DataField field, int rows, CancellationToken ct)
    {
        var values = await ReadValuesAsync<DateTime>(group, field, rows, ct).ConfigureAwait(false);

        // Timestamps without time zone come back as Local and INT96 ones as Unspecified, both holding the
        // stored wall clock. The contract says every timestamp is UTC, so that wall clock is UTC.
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is { Kind: not DateTimeKind.Utc } value)
            {
                values[i] = DateTime.SpecifyKind(value, DateTimeKind.Utc);
            }
        }

        return values;
    }

    /// <summary>Reads any numeric (or boolean) column as doubles.</summary>
    public static ValueTask<double?[]> ReadNumbersAsync(
        ParquetRowGroupReader group, DataField field, int rows, CancellationToken ct)
    {
        var type = field.ClrType;
        return type switch
        {
            _ when type == typeof(double) => ReadAsync<double>(group, field, rows, v => v, ct),
            _ when type == typeof(float) => ReadAsync<float>(group, field, rows, v => v, ct),
            _ when type == typeof(long) => ReadAsync<long>(group, field, rows, v => v, ct),
            _ when type == typeof(int) => ReadAsync<int>(group, field, rows, v => v, ct),
            _ when type == typeof(short) => ReadAsync<short>(group, field, rows, v => v, ct),
            _ when type == typeof(sbyte) => ReadAsync<sbyte>(group, field, rows, v => v, ct),
            _ when type == typeof(byte) => ReadAsync<byte>(group, field, rows, v => v, ct),
            _ when type == typeof(ulong) => ReadAsync<ulong>(group, field, rows, v => v, ct),
            _ when type == typeof(uint) => ReadAsync<uint>(group, field, rows, v => v, ct),
            _ when type == typeof(ushort) => ReadAsync<ushort>(group, field, rows, v => v, ct),
            _ when type == typeof(decimal) => ReadAsync<decimal>(group, field, rows, v => (double)v, ct),
            _ when type == typeof(bool) => ReadAsync<bool>(group, field, rows, v => v ? 1 : 0, ct),
            _ => throw new NotSupportedException($"Column \"{field.Name}\" of type {type.Name} is not numeric."),
        };
    }

    private static async ValueTask<double?[]> ReadAsync<T>(
        ParquetRowGroupReader group, DataField field, int rows, Func<T, double> convert, CancellationToken ct)
        where T : struct
    {
        var raw = await ReadValuesAsync<T>(group, field, rows, ct).ConfigureAwait(false);
        var values = new double?[rows];
        for (var i = 0; i < rows; i++)
        {
            values[i] = raw[i] is { } value ? convert(value) : null;
        }

        return values;
    }

    /// <summary>
    /// Required columns are read through Parquet.Net's plain (non-nullable) path: it involves no definition
    /// levels, and once, in a process that had just written a file, the nullable path returned spurious nulls
    /// for a required column. That was not reproducible since; this path avoids the question.
    /// </summary>
    private static async ValueTask<T?[]> ReadValuesAsync<T>(
        ParquetRowGroupReader group, DataField field, int rows, CancellationToken ct)
        where T : struct
    {
        var values = new T?[rows];
        if (field.IsNullable)
        {
            await group.ReadAsync<T>(field, values.AsMemory(), null, ct).ConfigureAwait(false);
            return values;
        }

        var plain = new T[rows];
        await group.ReadAsync<T>(field, plain.AsMemory(), null, ct).ConfigureAwait(false);
        for (var i = 0; i < rows; i++)
        {
            values[i] = plain[i];
        }

        return values;
    }
}
