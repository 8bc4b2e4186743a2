using Recommender.Data.Oracle;
using Recommender.Data.Validation;

namespace Recommender.Data.Tests.Oracle;

/// <summary><c>oracle.parquet</c> round-trips, and a file that cannot be trusted is refused naming row and column.</summary>
public sealed class OracleParquetTests
{
    [Fact]
    public async Task Rows_written_in_groups_read_back_by_decision_id()
    {
        using var folder = new TempFolder();
        var path = folder.File(OracleParquetWriter.FileName);
        await using (var writer = await OracleParquetWriter.CreateAsync(path))
        {
            await writer.WriteAsync([new OracleRow("u1-d1", 0.3, 0.1, 0.01)]);
            await writer.WriteAsync([]);
            await writer.WriteAsync([new OracleRow("u2-d1", 1, 0, 0.5), new OracleRow("u2-d2", 0.2, 0.25, 0)]);
        }

        var rows = await OracleParquetReader.ReadAsync(path);

        Assert.Equal(3, rows.Count);
        Assert.Equal(new OracleRow("u2-d2", 0.2, 0.25, 0), rows["u2-d2"]);
    }

    [Fact]
    public async Task An_empty_oracle_reads_as_no_rows()
    {
        using var folder = new TempFolder();
        var path = folder.File(OracleParquetWriter.FileName);
        await (await OracleParquetWriter.CreateAsync(path)).DisposeAsync();

        Assert.Empty(await OracleParquetReader.ReadAsync(path));
    }

    [Theory]
    [InlineData("missing column", "column \"p_unsubscribe\": expected a column p_unsubscribe")]
    [InlineData("repeated id", "row 1, column \"decision_id\": expected a decision id not seen before, found 'd1' again")]
    [InlineData("probability above one", "row 0, column \"p_goal_send\": expected a probability in [0, 1], found 1.5")]
    [InlineData("null id", "row 0, column \"decision_id\": expected a decision id, found null")]
    public async Task A_bad_oracle_file_is_refused_naming_row_and_column(string damage, string expected)
    {
        using var folder = new TempFolder();
        var path = folder.File(OracleParquetWriter.FileName);
        var columns = damage switch
        {
            "missing column" => new[] { RawColumn.Strings("decision_id", "d1"), RawColumn.Doubles("p_goal_send", 0.1), RawColumn.Doubles("p_goal_nosend", 0.1) },
            "repeated id" => [RawColumn.Strings("decision_id", "d1", "d1"), RawColumn.Doubles("p_goal_send", 0.1, 0.2), RawColumn.Doubles("p_goal_nosend", 0.1, 0.1), RawColumn.Doubles("p_unsubscribe", 0, 0)],
            "probability above one" => [RawColumn.Strings("decision_id", "d1"), RawColumn.Doubles("p_goal_send", 1.5), RawColumn.Doubles("p_goal_nosend", 0.1), RawColumn.Doubles("p_unsubscribe", 0)],
            _ => [RawColumn.Strings("decision_id", [null]), RawColumn.Doubles("p_goal_send", 0.5), RawColumn.Doubles("p_goal_nosend", 0.1), RawColumn.Doubles("p_unsubscribe", 0)],
        };
        await RawParquet.WriteAsync(path, columns);

        var error = await Assert.ThrowsAsync<DataValidationException>(() => OracleParquetReader.ReadAsync(path));

        Assert.Contains(expected, error.Issues.Single().Message, StringComparison.Ordinal);
    }
}
