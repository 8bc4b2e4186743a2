using System.Runtime.CompilerServices;
using Recommender.Core.Events;
using Recommender.Core.Randomness;
using Recommender.Data;
using Recommender.Data.Events;

namespace Recommender.Training.Examples;

/// <summary>
/// The fallback for events not grouped by user: one pass spreads the events over <c>count</c> temporary Parquet
/// files by a stable hash of the user id, then each file is loaded on its own and grouped in memory. Memory is one
/// partition (the table divided by the partition count) instead of the table; the price is writing and reading the
/// events once more. Users come out partition by partition, in user-id order within one. The folder is deleted on dispose.
/// </summary>
internal sealed class UserPartitions : IAsyncDisposable
{
    // Small row groups: every partition writer buffers one, and there are many writers.
    private const int RowGroupSize = 4_096;

    private readonly string _directory;
    private readonly string[] _files;

    private UserPartitions(string directory, string[] files)
    {
        _directory = directory;
        _files = files;
    }

    public static async Task<UserPartitions> CreateAsync(
        IAsyncEnumerable<EventBatch> batches, int count, string tempRoot, IProgress<long>? progress, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var directory = Path.Combine(tempRoot, $"recommender-partitions-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var files = Enumerable.Range(0, count).Select(i => Path.Combine(directory, $"part-{i:D4}.parquet")).ToArray();
        var partitions = new UserPartitions(directory, files);
        var complete = false;
        try
        {
            await WriteAsync(batches, files, progress, ct).ConfigureAwait(false);
            complete = true;
            return partitions;
        }
        finally
        {
            if (!complete)
            {
                partitions.Delete();
            }
        }
    }

    /// <summary>Every user with all of its events, partition after partition.</summary>
    public async IAsyncEnumerable<UserEvents> ReadUsersAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var file in _files.Where(File.Exists))
        {
            var users = new Dictionary<string, List<UserEvent>>(StringComparer.Ordinal);
            await foreach (var batch in EventParquetReader.ReadAsync(file, new EventReadOptions(), ct).ConfigureAwait(false))
            {
                foreach (var e in batch.Events)
                {
                    if (!users.TryGetValue(e.UserId, out var list))
                    {
                        users[e.UserId] = list = [];
                    }

                    list.Add(e);
                }
            }

            foreach (var userId in users.Keys.Order(StringComparer.Ordinal))
            {
                yield return new UserEvents(userId, users[userId]);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Delete();
        return ValueTask.CompletedTask;
    }

    private static async Task WriteAsync(IAsyncEnumerable<EventBatch> batches, string[] files, IProgress<long>? progress, CancellationToken ct)
    {
        var writers = new EventParquetWriter?[files.Length];
        try
        {
            long events = 0;
            await foreach (var batch in batches.WithCancellation(ct).ConfigureAwait(false))
            {
                foreach (var e in batch.Events)
                {
                    var p = (int)(StableHash.Of(e.UserId) % (ulong)files.Length);
                    writers[p] ??= await EventParquetWriter.CreateAsync(files[p], RowGroupSize, ct).ConfigureAwait(false);
                    await writers[p]!.WriteAsync(e, ct).ConfigureAwait(false);
                }

                events += batch.Events.Count;
                progress?.Report(events);
            }
        }
        finally
        {
            // Disposing writes each file's footer; a file left without one would be unreadable.
            foreach (var w in writers)
            {
                if (w is not null)
                {
                    await w.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    private void Delete()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
