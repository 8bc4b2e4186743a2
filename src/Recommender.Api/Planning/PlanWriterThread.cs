using System.Collections.Concurrent;
using Recommender.Api.Decisions;

namespace Recommender.Api.Planning;

/// <summary>
/// Runs a plan writer's calls one after another on one thread of its own, so that they still overlap the deciding
/// (the caller gets a task) but always run on the same thread.
/// </summary>
/// <remarks>
/// Why one thread: the Parquet writer and its Snappy codec rent buffers of the size of a chunk's decision column (16 MB
/// and more) from the shared array pool, which keeps one returned array per size in each thread that returned it. Run
/// on whichever pool thread an await resumed on, every thread that ever wrote a chunk kept its own: the pool's threads
/// grow during a long plan, so the large object heap grew with the audience. Here one thread rents and returns them
/// all (the writer's stream completes its writes synchronously: <see cref="SynchronousWriteStream"/>).
/// </remarks>
internal sealed class PlanWriterThread : IPlanWriter
{
    private readonly IPlanWriter _inner;
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread _thread;
    private bool _disposed;

    public PlanWriterThread(IPlanWriter inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _thread = new Thread(Run) { IsBackground = true, Name = "plan writer" };
        _thread.Start();
    }

    /// <summary>The writer thread's managed id (for tests).</summary>
    internal int ThreadId => _thread.ManagedThreadId;

    public Task WriteAsync(IReadOnlyList<DecisionDocument> rows, CancellationToken ct) => OnThread(() => _inner.WriteAsync(rows, ct));

    public Task CompleteAsync(CancellationToken ct) => OnThread(() => _inner.CompleteAsync(ct));

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await OnThread(() => _inner.DisposeAsync().AsTask()).ConfigureAwait(false);
        }
        finally
        {
            _work.CompleteAdding();
            _thread.Join();
            _work.Dispose();
        }
    }

    private void Run()
    {
        foreach (var work in _work.GetConsumingEnumerable())
        {
            work();
        }
    }

    private Task OnThread(Func<Task> call)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
#pragma warning disable CA1031 // Whatever the writer throws belongs to its caller, through the task; the thread must go on to the next call (Dispose).
            try
            {
                call().GetAwaiter().GetResult();
                done.SetResult();
            }
            catch (OperationCanceledException e)
            {
                done.SetCanceled(e.CancellationToken);
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
#pragma warning restore CA1031
        });
        return done.Task;
    }
}
