using System.Text;
using Parquet;
using Recommender.Core.Events;
using Recommender.Data.Events;

namespace Recommender.Data.Tests.Events;

/// <summary>
/// The importers' events writer against Parquet.Net's (<see cref="EventParquetWriter"/>), fed the very same values:
/// read back by the product's reader, the two files hold the same events, whatever the texts (strings or bytes, text
/// beyond ASCII, bytes that are not UTF-8, lone surrogates, empty texts, nulls), the instants (sub-microsecond ticks)
/// and the row groups; and the file declares the contract's schema as Parquet.Net's does.
/// </summary>
public sealed class EventFileWriterTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// A disk that fills while the events are written (here the partial file is a link to Linux's /dev/full, where every
    /// write fails with "no space left"): the writer fails, and disposing it removes the partial file instead of failing
    /// again on the flush and leaving it behind, holding the space that ran out. The path itself is never written.
    /// </summary>
    [Fact]
    public void A_disk_that_fills_leaves_no_partial_file_behind()
    {
        Assert.True(File.Exists("/dev/full"), "This test needs Linux's /dev/full.");
        using var temp = new TempFolder();
        var path = temp.File("events.parquet");
        File.CreateSymbolicLink(path + ".partial", "/dev/full");

        var failed = Assert.ThrowsAny<IOException>(() =>
        {
            using var writer = EventFileWriter.Create(path);
            var rows = new Utf8EventRows(2_000);
            foreach (var v in Values(2_000))
            {
                v.AddTo(rows);
            }

            writer.WriteRowGroup(rows);
            writer.Complete();
        });

        Assert.Contains("space", failed.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2_500, 1_000)]
    [InlineData(3_001, 3_001)]
    public async Task The_events_read_back_are_those_parquet_nets_writer_writes_from_the_same_values(int count, int rowGroup)
    {
        using var temp = new TempFolder();
        var values = Values(count);
        var reference = temp.File("reference.parquet");
        await using (var writer = await EventParquetWriter.CreateAsync(reference, rowGroup))
        {
            var rows = new EventRowGroup(rowGroup);
            foreach (var chunk in values.Chunk(rowGroup))
            {
                foreach (var v in chunk)
                {
                    v.AddTo(rows);
                }

                await writer.WriteRowGroupAsync(rows);
                rows.Clear();
            }
        }

        var ours = temp.File("ours.parquet");
        using (var writer = EventFileWriter.Create(ours))
        {
            // One set of buffers, refilled for every row group, as an import does.
            var rows = new Utf8EventRows(rowGroup);
            foreach (var chunk in values.Chunk(rowGroup))
            {
                foreach (var v in chunk)
                {
                    v.AddTo(rows);
                }

                writer.WriteRowGroup(rows);
                rows.Clear();
            }

            writer.Complete();
            Assert.Equal(count, writer.RowsWritten);
        }

        var expected = await EventFiles.ReadAllAsync(reference);
        Assert.Equal(count, expected.Count);
        Assert.Equal(expected, await EventFiles.ReadAllAsync(ours));
    }

    [Fact]
    public async Task A_file_without_events_is_a_table_without_rows()
    {
        using var temp = new TempFolder();
        var path = temp.File("events.parquet");
        using (var writer = EventFileWriter.Create(path))
        {
            writer.WriteRowGroup(new Utf8EventRows(10));
            writer.Complete();
        }

        Assert.Empty(await EventFiles.ReadAllAsync(path));
    }

    [Fact]
    public async Task A_write_that_stops_before_completing_leaves_the_path_as_it_was()
    {
        using var temp = new TempFolder();
        var path = temp.File("events.parquet");
        var earlier = new UserEvent("e0", "u0", T0, "task_created");
        await EventFiles.WriteAsync(path, earlier);

        using (var writer = EventFileWriter.Create(path))
        {
            var rows = new Utf8EventRows(2);
            rows.Add("e1", "u1", T0, "task_created", null, null, null);
            writer.WriteRowGroup(rows);
        }

        Assert.Equal([earlier], await EventFiles.ReadAllAsync(path));
        Assert.Equal(["events.parquet"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task The_file_declares_the_contracts_schema_as_parquet_nets_writer_does()
    {
        using var temp = new TempFolder();
        var reference = temp.File("reference.parquet");
        await EventFiles.WriteAsync(reference, new UserEvent("e1", "u1", T0, "task_created"));
        var ours = temp.File("ours.parquet");
        using (var writer = EventFileWriter.Create(ours))
        {
            var rows = new Utf8EventRows(1);
            rows.Add("e1", "u1", T0, "task_created", null, null, null);
            writer.WriteRowGroup(rows);
            writer.Complete();
        }

        Assert.Equal(await SchemaOf(reference), await SchemaOf(ours));

        static async Task<List<string>> SchemaOf(string path)
        {
            await using var stream = File.OpenRead(path);
            await using var reader = await ParquetReader.CreateAsync(stream);
            var columns = reader.Schema.GetDataFields().Select(f => $"{f.Name} {f.ClrType.Name} nullable={f.IsNullable}").ToList();
            var timestamp = reader.Metadata!.Schema.Single(e => e.Name == EventColumns.Timestamp).LogicalType!.TIMESTAMP!;
            columns.Add($"timestamp utc={timestamp.IsAdjustedToUTC} micros={timestamp.Unit.MICROS is not null}");
            return columns;
        }
    }

    /// <summary>
    /// The columns store UTF-8 only, as Parquet's string type requires (Parquet.Net reads anything, arrow-based readers
    /// refuse a column with bytes that are not UTF-8): such bytes become U+FFFD, as decoding them would.
    /// </summary>
    [Fact]
    public void Bytes_that_are_not_utf8_are_stored_as_the_decoder_reads_them()
    {
        var column = new Utf8Column();
        column.Add(EventText.FromUtf8([0x61, 0xFF, 0x62]));
        column.Add(null);
        column.Add("lone \ud800");
        column.Add(EventText.FromUtf8("ok ✓"u8));

        Assert.Equal([5, -1, 8, 6], column.Lengths.ToArray());
        Assert.Equal("a\uFFFDblone \uFFFDok ✓", Encoding.UTF8.GetString(column.Bytes));
        Assert.True(System.Text.Unicode.Utf8.IsValid(column.Bytes));
    }

    /// <summary>
    /// A string object given again (an event type, on every row) is stored from bytes kept since its second row; a
    /// string of the same text given as another object, and strings that share a slot of that cache, stay right.
    /// </summary>
    [Fact]
    public void A_string_given_again_is_stored_as_the_first_time()
    {
        var column = new Utf8Column();
        var lone = "lone \ud800 ✓";
        var other = new string(lone.AsSpan());
        var many = Enumerable.Range(0, 40).Select(i => $"type-{i}").ToArray();
        var expected = new StringBuilder();
        for (var round = 0; round < 3; round++)
        {
            column.Add(lone);
            column.Add(other);
            expected.Append("lone \uFFFD ✓lone \uFFFD ✓");
            foreach (var text in many)
            {
                column.Add(text);
                expected.Append(text);
            }
        }

        Assert.Equal(expected.ToString(), Encoding.UTF8.GetString(column.Bytes));
        Assert.Equal(3 * (2 + many.Length), column.Count);
        Assert.All(column.Lengths.ToArray()[..2], n => Assert.Equal(12, n));
    }

    /// <summary>One event's values as an importer hands them over: each text as a string or as UTF-8 bytes.</summary>
    private sealed record Value(byte[]? EventId, string? EventIdText, byte[]? UserId, string? UserIdText, DateTime At, string Type,
        string? MessageId, double? Amount, byte[]? Properties, string? PropertiesText)
    {
        public void AddTo(EventRowGroup rows) =>
            rows.Add(Text(EventId, EventIdText), Text(UserId, UserIdText), At, Type, MessageId, Amount, Text(Properties, PropertiesText));

        public void AddTo(Utf8EventRows rows) =>
            rows.Add(Text(EventId, EventIdText), Text(UserId, UserIdText), At, Type, MessageId, Amount, Text(Properties, PropertiesText));

        private static EventText Text(byte[]? bytes, string? text) => bytes is not null ? EventText.FromUtf8(bytes) : text;
    }

    private static List<Value> Values(int count)
    {
        var random = new Random(count);
        string[] texts = ["plain", "naïve ✓", "emoji 🎉 and a combining é", "", "quote \" and backslash \\ and a tab\t", "lone \ud800 surrogate"];
        byte[][] odd = [[0x61, 0xFF, 0x62], [0xE2, 0x82], [0xF0, 0x9F, 0x8E, 0x89], []];

        // Properties must be JSON objects for the reader: the odd texts go inside one, unescaped (a lone surrogate and
        // bytes that are not UTF-8 included, which both writers store as U+FFFD).
        static byte[] Object(ReadOnlySpan<byte> inner) => [.. "{\"t\":\""u8, .. inner, .. "\"}"u8];
        return Enumerable.Range(0, count).Select(i =>
        {
            var asBytes = random.Next(2) == 0;
            var opened = random.Next(3) == 0; // a message event: its message id is required
            var id = $"id-{i}-{texts[random.Next(3)]}";
            (byte[]? Bytes, string? Text) properties = random.Next(6) switch
            {
                0 => (null, null),
                1 => (Object(odd[random.Next(odd.Length)]), null),
                2 => (null, "{\"t\":\"" + texts[random.Next(4)] + (random.Next(2) == 0 ? "\ud800" : "") + "\"}"),
                _ => (Encoding.UTF8.GetBytes($$"""{"i":{{i}},"t":"{{texts[random.Next(3)]}}"}"""), null),
            };
            return new Value(
                asBytes ? Encoding.UTF8.GetBytes(id) : null, asBytes ? null : id,
                random.Next(2) == 0 ? [0x75, (byte)('0' + random.Next(10)), 0xFE] : null, $"u{random.Next(40)}",
                T0.AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 400)), opened ? EventTypes.MessageOpened : "task_created",
                opened || random.Next(3) == 0 ? "m-" + texts[random.Next(3)] : null, random.Next(4) == 0 ? Math.Round(random.NextDouble() * 1e6 - 5e5, 3) : null,
                properties.Bytes, properties.Text);
        }).ToList();
    }
}
