using Parquet;
using Parquet.Schema;

namespace Recommender.Data.Tests;

/// <summary>Writes a one-row-group Parquet file from raw columns with Parquet.Net's low-level API.</summary>
internal static class RawParquet
{
    public static async Task WriteAsync(string path, params RawColumn[] columns)
    {
        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field));
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        using var group = writer.CreateRowGroup();
        foreach (var column in columns)
        {
            await column.Write(group);
        }

        group.CompleteValidate();
    }
}
