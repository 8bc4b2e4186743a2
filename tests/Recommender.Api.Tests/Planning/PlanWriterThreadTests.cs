using Recommender.Api.Decisions;
using Recommender.Api.Planning;

namespace Recommender.Api.Tests.Planning;

/// <summary>
/// A plan's writes run on one thread of their own, in the order they were asked for, with the writer's failures
/// reaching the caller; and the Parquet writer's stream completes its asynchronous writes at once, so that an await in
/// the writer cannot move it to another thread.
/// </summary>
public sealed class PlanWriterThreadTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task EveryCall_RunsOnTheSameThread_NotTheCallers_InOrder()
    {
        var inner = new RecordingWriter();
        var writer = new PlanWriterThread(inner);
        await using (writer)
        {
            var writes = Enumerable.Range(0, 20).Select(i => writer.WriteAsync(new DecisionDocument[i], CancellationToken.None)).ToList();
            await Task.WhenAll(writes);
            await writer.CompleteAsync(CancellationToken.None);

            Assert.Equal(Enumerable.Range(0, 20).Append(-1), inner.Calls.Select(c => c.Rows));
            Assert.All(inner.Calls, c => Assert.Equal(writer.ThreadId, c.Thread));
            Assert.NotEqual(Environment.CurrentManagedThreadId, writer.ThreadId);
        }
    }

    [Fact]
    public async Task TheWritersFailure_ReachesTheCaller_AndLaterCallsStillRun()
    {
        var inner = new RecordingWriter { FailOn = 1 };
        await using var writer = new PlanWriterThread(inner);

        await writer.WriteAsync([], CancellationToken.None);
        var e = await Assert.ThrowsAsync<IOException>(() => writer.WriteAsync(new DecisionDocument[1], CancellationToken.None));
        await writer.WriteAsync(new DecisionDocument[2], CancellationToken.None);

        Assert.Equal("disk full", e.Message);
        Assert.Equal([0, 1, 2], inner.Calls.Select(c => c.Rows));
    }

    [Fact]
    public async Task ACancelledWrite_IsCancelledForTheCaller()
    {
        await using var writer = new PlanWriterThread(new RecordingWriter());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.WriteAsync([], cancelled.Token));
    }

    [Fact]
    public async Task TheParquetWritersStream_CompletesItsWritesAtOnce_OnAFileOpenedForAsynchronousWrites()
    {
        var path = _folder.File("out.bin");
        var bytes = Enumerable.Range(0, 1 << 20).Select(i => (byte)i).ToArray();
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await using var stream = new SynchronousWriteStream(file);

            var write = stream.WriteAsync(bytes.AsMemory());
            var flush = stream.FlushAsync();

            Assert.True(write.IsCompletedSuccessfully);
            Assert.True(flush.IsCompletedSuccessfully);
            Assert.Equal(bytes.Length, stream.Position);
        }

        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
    }

    /// <summary>Records each call's size and thread (a stand-in for a writer, whose only job here is to say where it ran).</summary>
    private sealed class RecordingWriter : IPlanWriter
    {
        public List<(int Rows, int Thread)> Calls { get; } = [];

        public int FailOn { get; init; } = -1;

        public Task WriteAsync(IReadOnlyList<DecisionDocument> rows, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            // Unsynchronised on purpose: the calls must come one at a time.
            Calls.Add((rows.Count, Environment.CurrentManagedThreadId));
            return rows.Count == FailOn ? Task.FromException(new IOException("disk full")) : Task.CompletedTask;
        }

        public Task CompleteAsync(CancellationToken ct)
        {
            Calls.Add((-1, Environment.CurrentManagedThreadId));
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
