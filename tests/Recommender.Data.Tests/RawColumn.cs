using Parquet;
using Parquet.Schema;

namespace Recommender.Data.Tests;

/// <summary>
/// One column for <see cref="RawParquet"/>, of any type and nullability: lets a test write exactly the
/// wrong schema it wants, below the product's writers.
/// </summary>
internal sealed record RawColumn(DataField Field, Func<ParquetRowGroupWriter, Task> Write)
{
    public static RawColumn Strings(string name, params string?[] values)
    {
        var field = new DataField<string>(name, true);
        return new RawColumn(field, g => g.WriteAsync(field, values!));
    }

    public static RawColumn Timestamps(string name, params DateTime?[] values) =>
        TimestampColumn(name, isAdjustedToUtc: true, values);

    public static RawColumn NaiveTimestamps(string name, params DateTime?[] values) =>
        TimestampColumn(name, isAdjustedToUtc: false, values);

    public static RawColumn Doubles(string name, params double?[] values)
    {
        var field = new DataField<double>(name, true);
        return new RawColumn(field, g => g.WriteAsync<double>(field, values.AsMemory()));
    }

    public static RawColumn Longs(string name, params long?[] values)
    {
        var field = new DataField<long>(name, true);
        return new RawColumn(field, g => g.WriteAsync<long>(field, values.AsMemory()));
    }

    public static RawColumn Ints(string name, params int?[] values)
    {
        var field = new DataField<int>(name, true);
        return new RawColumn(field, g => g.WriteAsync<int>(field, values.AsMemory()));
    }

    public static RawColumn Bools(string name, params bool?[] values)
    {
        var field = new DataField<bool>(name, true);
        return new RawColumn(field, g => g.WriteAsync<bool>(field, values.AsMemory()));
    }

    private static RawColumn TimestampColumn(string name, bool isAdjustedToUtc, DateTime?[] values)
    {
        var field = new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUtc, DateTimeTimeUnit.Micros, isNullable: true);
        return new RawColumn(field, g => g.WriteAsync<DateTime>(field, values.AsMemory()));
    }
}
