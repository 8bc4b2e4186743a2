using System.Text;
using Recommender.Core.Events;
using Recommender.Data.Events;

namespace Recommender.Data.Tests.Events;

/// <summary>
/// A row group handed over in columns (what an import does) writes the very bytes the same events written one at a
/// time do, whether its texts came as strings or as UTF-8 bytes, and the column buffers can be reused.
/// </summary>
public sealed class EventRowGroupTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Rows_given_in_columns_write_the_bytes_of_events_written_one_at_a_time()
    {
        using var temp = new TempFolder();
        var events = Events(2_500);
        var one = temp.File("one.parquet");
        await using (var writer = await EventParquetWriter.CreateAsync(one, rowGroupSize: 1_000))
        {
            await writer.WriteAsync(events);
        }

        var columns = temp.File("columns.parquet");
        await using (var writer = await EventParquetWriter.CreateAsync(columns, rowGroupSize: 1_000))
        {
            // One set of buffers, refilled for every row group; texts alternate between bytes and strings.
            var rows = new EventRowGroup(1_000);
            foreach (var chunk in events.Chunk(1_000))
            {
                foreach (var e in chunk)
                {
                    var utf8 = e.UserId.EndsWith('1');
                    rows.Add(
                        utf8 ? EventText.FromUtf8(Encoding.UTF8.GetBytes(e.EventId)) : e.EventId,
                        utf8 ? EventText.FromUtf8(Encoding.UTF8.GetBytes(e.UserId)) : e.UserId,
                        e.Timestamp, e.EventType, e.MessageId, e.Value,
                        e.Properties is { } p && utf8 ? EventText.FromUtf8(Encoding.UTF8.GetBytes(p)) : e.Properties);
                }

                await writer.WriteRowGroupAsync(rows);
                rows.Clear();
            }

            Assert.Equal(events.Count, writer.RowsWritten);
        }

        Assert.Equal(await File.ReadAllBytesAsync(one), await File.ReadAllBytesAsync(columns));
    }

    [Fact]
    public void The_buffers_grow_with_the_longest_texts_and_are_kept_when_cleared()
    {
        var rows = new EventRowGroup(100);
        var empty = rows.BufferBytes;
        Fill(rows, 10);
        var shortTexts = rows.BufferBytes;
        Assert.True(shortTexts > empty, $"{shortTexts} bytes");

        rows.Clear();
        Fill(rows, 10);
        Assert.Equal(shortTexts, rows.BufferBytes);

        rows.Clear();
        Fill(rows, 2_000);

        // 100 properties of 2,000 characters, 2 bytes each: the arena doubles as it fills, so the one kept holds at least
        // half of them (earlier values stay in the arena they were written to until the rows are cleared).
        Assert.True(rows.BufferBytes >= shortTexts + (100 * 2_000 * 2 / 2), $"{rows.BufferBytes} bytes");

        static void Fill(EventRowGroup rows, int length)
        {
            for (var i = 0; i < rows.Capacity; i++)
            {
                rows.Add(
                    EventText.FromUtf8(Encoding.UTF8.GetBytes($"e{i}")), EventText.FromUtf8("u1"u8), T0, "x", null, null,
                    EventText.FromUtf8(Encoding.UTF8.GetBytes(new string('p', length))));
            }
        }
    }

    [Fact]
    public void A_missing_required_text_is_refused_naming_the_event_and_the_column()
    {
        var rows = new EventRowGroup(4);
        var e = Assert.Throws<ArgumentException>(() => rows.Add(EventText.FromUtf8("e7"u8), EventText.FromUtf8(default), T0, "x", null, null, null));
        Assert.Contains("Event \"e7\" has no user_id", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, rows.Count);
    }

    [Fact]
    public async Task A_row_group_larger_than_the_writers_is_refused()
    {
        using var temp = new TempFolder();
        await using var writer = await EventParquetWriter.CreateAsync(temp.File("events.parquet"), rowGroupSize: 2);
        var rows = new EventRowGroup(3);
        foreach (var e in Events(3))
        {
            rows.Add(e);
        }

        await Assert.ThrowsAsync<ArgumentException>(() => writer.WriteRowGroupAsync(rows));
    }

    private static List<UserEvent> Events(int count)
    {
        var random = new Random(5);
        return Enumerable.Range(0, count)
            .Select(i => new UserEvent(
                $"ajs-{i:x8}-é", $"u{random.Next(50)}", T0.AddMilliseconds(i * 1_337L), i % 3 == 0 ? EventTypes.MessageOpened : "task_created",
                i % 3 == 0 ? "welcome" : null, i % 7 == 0 ? i * 0.5 : null, i % 5 == 0 ? null : $$"""{"project_id":"p{{i}}","note":"naïve ✓"}"""))
            .ToList();
    }
}
