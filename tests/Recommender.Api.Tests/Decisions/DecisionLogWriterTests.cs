using System.Text.Json;
using Parquet;
using Recommender.Api.Tests.Support;

namespace Recommender.Api.Tests.Decisions;

/// <summary>The decision log is written with the configured codec and row groups, and its JSON columns are the answer's own text.</summary>
public sealed class DecisionLogWriterTests
{
    [Theory]
    [InlineData(null, "SNAPPY")]
    [InlineData("Snappy", "SNAPPY")]
    [InlineData("zstd", "ZSTD")]
    [InlineData("None", "UNCOMPRESSED")]
    public async Task Log_UsesTheConfiguredCodec_AndKeepsTheAnswersJson(string? setting, string codec)
    {
        var settings = setting is null ? null : new Dictionary<string, string?> { ["DecisionLog:Compression"] = setting };
        var app = new ApiFactory(settings: settings) { DeleteFolderOnDispose = false };
        try
        {
            var answers = new Dictionary<string, JsonElement>();
            var client = app.Client();
            for (var i = 0; i < 4; i++)
            {
                var d = await (await client.PostJson("/v1/decisions", $$"""{"user_id":"u{{i % 2}}"}""")).Json();
                answers[d.GetProperty("decision_id").GetString()!] = d.Clone();
            }

            await app.DisposeAsync();
            var file = Assert.Single(Directory.GetFiles(app.DecisionLogFolder, "decisions-*.parquet"));
            await using var reader = await ParquetReader.CreateAsync(file);
            Assert.All(reader.Metadata!.RowGroups.SelectMany(g => g.Columns), c => Assert.Equal(codec, c.MetaData!.Codec.ToString().ToUpperInvariant()));

            using var group = reader.OpenRowGroupReader(0);
            var fields = reader.Schema.DataFields;
            var n = checked((int)group.RowCount);
            var ids = await Strings(group, fields[0], n);
            var distribution = await Strings(group, fields[8], n);
            var scores = await Strings(group, fields[9], n);
            var suppressed = await Strings(group, fields[10], n);
            Assert.Equal(answers.Keys.Order(), ids.Order());
            for (var i = 0; i < n; i++)
            {
                var answer = answers[ids[i]!];
                Assert.Equal(answer.GetProperty("distribution").GetRawText(), distribution[i]);
                Assert.Equal(answer.GetProperty("scores").GetRawText(), scores[i]);
                Assert.Equal(answer.GetProperty("suppressed").GetRawText(), suppressed[i]);
            }

            // The second decision for each user is suppressed by the daily cap: the suppressions are logged too.
            Assert.Contains(suppressed, s => s != "[]");
        }
        finally
        {
            Directory.Delete(app.Folder, recursive: true);
        }
    }

    /// <summary>Rows gathered in reused column buffers: every group holds its own rows, none leaks into the next.</summary>
    [Fact]
    public async Task Log_SplitsRowsIntoGroupsOfTheConfiguredSize_EachWithItsOwnRows()
    {
        var app = new ApiFactory(settings: new() { ["DecisionLog:RowGroupSize"] = "3" }) { DeleteFolderOnDispose = false };
        try
        {
            var answers = new List<(string Id, string User, string Scores)>();
            var client = app.Client();
            for (var i = 0; i < 8; i++)
            {
                var d = await (await client.PostJson("/v1/decisions", $$"""{"user_id":"user-{{i}}-{{new string('x', i * 7)}}"}""")).Json();
                answers.Add((d.GetProperty("decision_id").GetString()!, d.GetProperty("user_id").GetString()!, d.GetProperty("scores").GetRawText()));
            }

            await app.DisposeAsync();
            var file = Assert.Single(Directory.GetFiles(app.DecisionLogFolder, "decisions-*.parquet"));
            await using var reader = await ParquetReader.CreateAsync(file);
            Assert.Equal(3, reader.RowGroupCount);
            var fields = reader.Schema.DataFields;
            var rows = new List<(string Id, string User, string Scores)>();
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var n = checked((int)group.RowCount);
                Assert.Equal(g < 2 ? 3 : 2, n);
                var ids = await Strings(group, fields[0], n);
                var users = await Strings(group, fields[1], n);
                var scores = await Strings(group, fields[9], n);
                rows.AddRange(Enumerable.Range(0, n).Select(i => (ids[i]!, users[i]!, scores[i]!)));
            }

            Assert.Equal(answers, rows);
        }
        finally
        {
            Directory.Delete(app.Folder, recursive: true);
        }
    }

    [Fact]
    public async Task UnknownCodec_StopsTheHostAtStart()
    {
        using var app = new ApiFactory(settings: new() { ["DecisionLog:Compression"] = "lzma" });

        var e = await app.RefusedStart();
        Assert.Contains("Compression", e.ToString(), StringComparison.Ordinal);
    }

    private static async Task<string?[]> Strings(ParquetRowGroupReader group, Parquet.Schema.DataField field, int n)
    {
        var values = new string?[n];
        await group.ReadAsync(field, values.AsMemory(), null, default);
        return values;
    }
}
