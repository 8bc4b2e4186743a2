using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Recommender.Data;
using Recommender.Data.DecisionLog;
using Recommender.Data.Events;

namespace Recommender.Training.Examples;

/// <summary>
/// Builds the training examples of an events table in one streaming pass on every core: a reader groups rows into
/// users and users into chunks, workers replay chunks through <see cref="ExampleBuilder"/>, and a writer hands the
/// blocks to the sink in input order, so the output does not depend on thread timing. At most
/// <see cref="ExamplePipelineOptions.ChunksInFlight"/> chunks exist at once: memory is bounded by the options and
/// the longest single user history, not by the table.
/// </summary>
/// <remarks>
/// Input whose users are not each in one contiguous run cannot be labelled in one pass. The grouping step detects
/// it; the run then discards its output, spreads the events over temporary files by user (see
/// <see cref="UserPartitions"/>) and builds again from those. <see cref="ExampleRunSummary.Partitioned"/> says why.
/// A job's decision log joins each user as the user leaves the grouping step (users only the log knows come last, in id
/// order), so either way every user is replayed once with the log's control rows (<see cref="DecisionLogMerge"/>).
/// </remarks>
public static class ExamplePipeline
{
    public static async Task<ExampleRunSummary> RunAsync(
        ExampleJob job,
        Func<CancellationToken, ValueTask<IExampleSink>> createSink,
        ExamplePipelineOptions? options = null,
        IProgress<ExampleProgress>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(createSink);
        options ??= new ExamplePipelineOptions();
        options.Validate();
        var stopwatch = Stopwatch.StartNew();

        string reason;

        // Users must come grouped on this path (a user met again fails it over to the partitioned one), so a redelivery
        // is found within its user's run, without a table-wide set of ids that would grow with the whole log.
        var read = new EventReadOptions { RepeatsWithinUserRuns = true };
        try
        {
            await using var sink = await createSink(ct).ConfigureAwait(false);
            var merge = job.DecisionLog?.StartMerge();
            var users = InPartition(WithDecisionLog(UserGrouping.ConsecutiveAsync(EventParquetReader.ReadAsync(job.EventsPath, read, ct), ct), merge, ct), job.Partition, ct);
            var totals = await BuildAsync(job, users, sink, options, progress, ct).ConfigureAwait(false);
            return totals.Summary(read.Summary, null, stopwatch.Elapsed, merge?.Result());
        }
        catch (InputNotGroupedException notGrouped)
        {
            reason = notGrouped.Message;
        }

        read = new EventReadOptions();
        var partitionProgress = progress is null ? null : new Progress<long>(n => progress.Report(new(ExamplePhase.Partitioning, n)));
        await using var partitions = await UserPartitions.CreateAsync(
            EventParquetReader.ReadAsync(job.EventsPath, read, ct), options.Partitions, options.TempDirectory ?? Path.GetTempPath(),
            partitionProgress, ct).ConfigureAwait(false);
        await using (var sink = await createSink(ct).ConfigureAwait(false))
        {
            var merge = job.DecisionLog?.StartMerge();
            var users = InPartition(WithDecisionLog(partitions.ReadUsersAsync(ct), merge, ct), job.Partition, ct);
            var totals = await BuildAsync(job, users, sink, options, progress, ct).ConfigureAwait(false);
            return totals.Summary(read.Summary, reason, stopwatch.Elapsed, merge?.Result());
        }
    }

    /// <summary>Each user with the log's control rows appended, then the users only the log knows.</summary>
    private static async IAsyncEnumerable<UserEvents> WithDecisionLog(
        IAsyncEnumerable<UserEvents> users, DecisionLogMerge? merge, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var user in users.WithCancellation(ct).ConfigureAwait(false))
        {
            merge?.AddTo(user.UserId, user.Events);
            yield return user;
        }

        if (merge is null)
        {
            yield break;
        }

        foreach (var (userId, events) in merge.RemainingUsers())
        {
            yield return new UserEvents(userId, events);
        }
    }

    /// <summary>
    /// Each user with its position among all users of the table, keeping those of <paramref name="partition"/> (every
    /// user when null). Numbered after grouping and the decision log's merge, so a user has the same position in every
    /// partition's run and in the unpartitioned one: the shards merge back into exactly the unpartitioned order.
    /// </summary>
    private static async IAsyncEnumerable<(UserEvents User, long Order)> InPartition(
        IAsyncEnumerable<UserEvents> users, UserPartition? partition, [EnumeratorCancellation] CancellationToken ct)
    {
        var order = 0L;
        await foreach (var user in users.WithCancellation(ct).ConfigureAwait(false))
        {
            if (partition is not { } p || p.Contains(user.UserId))
            {
                yield return (user, order);
            }

            order++;
        }
    }

    private static async Task<Totals> BuildAsync(
        ExampleJob job, IAsyncEnumerable<(UserEvents User, long Order)> users, IExampleSink sink, ExamplePipelineOptions options,
        IProgress<ExampleProgress>? progress, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var slots = new SemaphoreSlim(options.ChunksInFlight);
        var blocks = new ConcurrentBag<ExampleBlock>();
        var work = Channel.CreateBounded<Chunk>(new BoundedChannelOptions(options.Workers) { SingleWriter = true });

        // Unbounded in type only: the semaphore caps the chunks that exist.
        var built = Channel.CreateUnbounded<Chunk>(new UnboundedChannelOptions { SingleReader = true });
        var producer = Task.Run(() => ProduceAsync(users, work.Writer, slots, options.ChunkEvents, cts.Token), cts.Token);
        var workers = Enumerable.Range(0, options.Workers)
            .Select(_ => Task.Run(() => BuildChunksAsync(job, work.Reader, built.Writer, blocks, options.ChunkEvents, cts.Token), cts.Token))
            .ToArray();
        var workersDone = Task.WhenAll(workers).ContinueWith(_ => built.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        var totals = new Totals();
        var writer = Task.Run(() => WriteInOrderAsync(built.Reader, sink, slots, blocks, totals, progress, cts.Token), cts.Token);

        await WhenAllOrFirstFault(cts, [producer, .. workers, workersDone, writer]).ConfigureAwait(false);
        return totals;
    }

    private static async Task ProduceAsync(
        IAsyncEnumerable<(UserEvents User, long Order)> users, ChannelWriter<Chunk> work, SemaphoreSlim slots, int chunkEvents, CancellationToken ct)
    {
        try
        {
            var sequence = 0L;
            var chunk = new Chunk(sequence++);
            await foreach (var (user, order) in users.WithCancellation(ct).ConfigureAwait(false))
            {
                chunk.Add(user, order);
                if (chunk.EventCount >= chunkEvents)
                {
                    await slots.WaitAsync(ct).ConfigureAwait(false);
                    await work.WriteAsync(chunk, ct).ConfigureAwait(false);
                    chunk = new Chunk(sequence++);
                }
            }

            if (chunk.Users.Count > 0)
            {
                await slots.WaitAsync(ct).ConfigureAwait(false);
                await work.WriteAsync(chunk, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            // A failure surfaces through this task; the workers just run out of work.
            work.TryComplete();
        }
    }

    private static async Task BuildChunksAsync(
        ExampleJob job, ChannelReader<Chunk> work, ChannelWriter<Chunk> built, ConcurrentBag<ExampleBlock> blocks, int chunkEvents, CancellationToken ct)
    {
        var builder = new ExampleBuilder(job.Catalog, job.Schema, job.NotChosen, job.Seed);
        await foreach (var chunk in work.ReadAllAsync(ct).ConfigureAwait(false))
        {
            // About one decision per six events in a typical log; blocks grow when a chunk holds more.
            var block = blocks.TryTake(out var reused) ? reused : new ExampleBlock(job.Schema.Count, Math.Max(1_024, chunkEvents / 6));
            for (var u = 0; u < chunk.Users.Count; u++)
            {
                var user = chunk.Users[u];
                var profile = job.Profiles.GetValueOrDefault(user.UserId);
                chunk.UsersWithoutProfile += profile is null ? 1 : 0;
                var from = block.Count;
                chunk.Counts += builder.Build(user.Events, profile, block);
                block.SetUserOrder(from, chunk.Orders[u]);
            }

            chunk.Finish(block);
            await built.WriteAsync(chunk, ct).ConfigureAwait(false);
        }
    }

    private static async Task WriteInOrderAsync(
        ChannelReader<Chunk> built, IExampleSink sink, SemaphoreSlim slots, ConcurrentBag<ExampleBlock> blocks, Totals totals,
        IProgress<ExampleProgress>? progress, CancellationToken ct)
    {
        var pending = new Dictionary<long, Chunk>();
        var next = 0L;
        await foreach (var chunk in built.ReadAllAsync(ct).ConfigureAwait(false))
        {
            pending.Add(chunk.Sequence, chunk);
            while (pending.Remove(next, out var ready))
            {
                await sink.WriteAsync(ready.Block!, ct).ConfigureAwait(false);
                totals.Add(ready);
                ready.Block!.Clear();
                blocks.Add(ready.Block);
                slots.Release();
                next++;
                progress?.Report(new(ExamplePhase.Building, totals.Events));
            }
        }
    }

    /// <summary>Waits for all; at the first failure cancels the rest, lets them stop, and rethrows that failure.</summary>
    private static async Task WhenAllOrFirstFault(CancellationTokenSource cts, List<Task> tasks)
    {
        while (tasks.Count > 0)
        {
            var finished = await Task.WhenAny(tasks).ConfigureAwait(false);
            tasks.Remove(finished);
            if (!finished.IsCompletedSuccessfully)
            {
                await cts.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(tasks).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default)
                    .ConfigureAwait(false);
                await finished.ConfigureAwait(false);
            }
        }
    }

    /// <summary>A run of consecutive users: the unit of work, then of writing.</summary>
    private sealed class Chunk(long sequence)
    {
        public long Sequence { get; } = sequence;

        public List<UserEvents> Users { get; private set; } = [];

        /// <summary>Each user's position among all users of the table.</summary>
        public List<long> Orders { get; } = [];

        public int UserCount { get; private set; }

        public long EventCount { get; private set; }

        public long UsersWithoutProfile { get; set; }

        public ExampleCounts Counts { get; set; }

        public ExampleBlock? Block { get; private set; }

        public void Add(UserEvents user, long order)
        {
            Users.Add(user);
            Orders.Add(order);
            UserCount++;
            EventCount += user.Events.Count;
        }

        /// <summary>Drops the events as soon as the examples exist: they are the bulk of a chunk's memory.</summary>
        public void Finish(ExampleBlock block)
        {
            Block = block;
            Users = [];
        }
    }

    private sealed class Totals
    {
        public ExampleCounts Examples { get; private set; }

        public long Users { get; private set; }

        public long UsersWithoutProfile { get; private set; }

        public long Events { get; private set; }

        public void Add(Chunk chunk)
        {
            Examples += chunk.Counts;
            Users += chunk.UserCount;
            UsersWithoutProfile += chunk.UsersWithoutProfile;
            Events += chunk.EventCount;
        }

        public ExampleRunSummary Summary(EventReadSummary read, string? partitioned, TimeSpan elapsed, DecisionLogInput? decisionLog) =>
            new(Examples, Users, UsersWithoutProfile, Events, read, partitioned, elapsed, decisionLog);
    }
}
