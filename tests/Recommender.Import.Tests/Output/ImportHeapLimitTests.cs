using System.Text;
using Recommender.Core.Events;
using Recommender.Data.Events;
using Recommender.Import.Output;

namespace Recommender.Import.Tests.Output;

/// <summary>
/// The heap limit an import sets: counted once, from what both sets of column buffers and the duplicate window really
/// hold after the second row group, or given and set at once; running out of memory under it is told apart from any
/// other failure. The limit is handed to a recorder here: the GC's limit is the whole test process's.
/// </summary>
public sealed class ImportHeapLimitTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "import-heap-" + Guid.NewGuid().ToString("N"));
    private readonly List<long> _set = [];

    [Fact]
    public void Counts_at_the_second_full_row_group_and_again_only_when_the_buffers_grow()
    {
        var limit = new ImportHeapLimit(null, heldBytes: 5 << 20, Record);
        limit.RowGroupFilled(1, 10 << 20);
        Assert.Empty(_set);
        Assert.Null(limit.Applied);

        limit.RowGroupFilled(2, 30 << 20);
        limit.RowGroupFilled(3, 30 << 20);
        var expected = (2 * (35L << 20)) + ImportHeapLimit.Allowance;
        Assert.Equal([expected], _set);
        Assert.Equal(expected, limit.Applied);
        Assert.Equal(35L << 20, limit.Measured);

        // Longer lines later in the input grew the buffers: the bound follows them up, never down.
        limit.RowGroupFilled(4, 90 << 20);
        limit.RowGroupFilled(5, 60 << 20);
        var raised = (2 * (95L << 20)) + ImportHeapLimit.Allowance;
        Assert.Equal([expected, raised], _set);
        Assert.Equal(raised, limit.Applied);
        Assert.Equal(95L << 20, limit.Measured);
    }

    [Fact]
    public void A_given_limit_is_set_at_once_and_nothing_is_counted()
    {
        var limit = new ImportHeapLimit(300L << 20, heldBytes: 5 << 20, Record);
        limit.RowGroupFilled(2, 30 << 20);
        Assert.Equal([300L << 20], _set);
        Assert.Null(limit.Measured);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(0, 0L)]
    [InlineData(256, 256L << 20)]
    public void The_option_is_mib(int? mib, long? bytes) => Assert.Equal(bytes, ImportHeapLimit.ParseMiB(mib));

    [Theory]
    [InlineData(-1)]
    [InlineData((1 << 24) + 1)]
    public void An_option_out_of_range_is_refused_by_name(int mib)
    {
        var e = Assert.Throws<ArgumentException>(() => ImportHeapLimit.ParseMiB(mib));
        Assert.Contains(ImportHeapLimit.Option, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Running_out_of_memory_is_recognised_however_it_is_wrapped_and_only_under_a_limit()
    {
        var oom = new OutOfMemoryException();
        Assert.True(ImportHeapLimit.RanOutUnder(200L << 20, oom));
        Assert.True(ImportHeapLimit.RanOutUnder(200L << 20, new AggregateException(new IOException("other"), oom)));
        Assert.True(ImportHeapLimit.RanOutUnder(200L << 20, new InvalidOperationException("writer", oom)));
        Assert.False(ImportHeapLimit.RanOutUnder(200L << 20, new IOException("disk full")));
        Assert.False(ImportHeapLimit.RanOutUnder(null, oom));
    }

    [Fact]
    public void The_refusal_names_the_limit_and_the_option()
    {
        var oom = new OutOfMemoryException();
        var e = ImportHeapLimit.Refusal(193L << 20, oom);
        Assert.Contains("193 MiB", e.Message, StringComparison.Ordinal);
        Assert.Contains(ImportHeapLimit.Option + " MiB", e.Message, StringComparison.Ordinal);
        Assert.Contains(ImportHeapLimit.Option + " 0", e.Message, StringComparison.Ordinal);
        Assert.Same(oom, e.InnerException);
    }

    [Fact]
    public void The_window_costs_what_it_allocates()
    {
        // Measured, not recomputed: what constructing the window allocates on this thread.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var window = new RecentIds(100_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(window);
        Assert.InRange(RecentIds.BytesFor(100_000), allocated - 1_024, allocated);
    }

    [Fact]
    public async Task The_sink_counts_both_sets_of_buffers_and_still_writes_every_event()
    {
        Directory.CreateDirectory(_dir);
        var heap = new ImportHeapLimit(null, heldBytes: 1_000, Record);
        var sink = await EventSink.CreateAsync(Path.Combine(_dir, "events.parquet"), rowGroupSize: 100, heap, CancellationToken.None);
        await using (sink)
        {
            for (var i = 0; i < 250; i++)
            {
                // UTF-8 texts, as an import gives them (decoded into the buffers' arenas); longer in the second row
                // group, so its buffers grow beyond the first's.
                var properties = i < 100 ? "{\"a\":1}" : "{\"a\":\"" + new string('x', 2_000) + "\"}";
                sink.Add(Utf8($"e{i}"), Utf8("u1"), T0.AddSeconds(i), EventTypes.MessageSent, Utf8("spring"), null, Utf8(properties));
            }

            await sink.CompleteAsync();
        }

        // Both sets: the first with 100 short texts, the second with 100 of over 2,000 characters, 2 bytes each.
        var counted = Assert.Single(_set);
        var buffers = ((counted - ImportHeapLimit.Allowance) / 2) - 1_000;
        Assert.True(buffers > 100 * 2_000 * 2, $"{buffers} bytes of buffers");
        Assert.True(buffers < 4 << 20, $"{buffers} bytes of buffers");

        var read = new List<UserEvent>();
        await foreach (var batch in EventParquetReader.ReadAsync(Path.Combine(_dir, "events.parquet")))
        {
            read.AddRange(batch.Events);
        }

        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"e{i}"), read.Select(e => e.EventId));
        Assert.Equal(2_000 + 8, read[^1].Properties!.Length);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static EventText Utf8(string text) => EventText.FromUtf8(Encoding.UTF8.GetBytes(text));

    private long Record(long bytes)
    {
        _set.Add(bytes);
        return bytes;
    }
}
