using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Recommender.Api.Bootstrap;
using Recommender.Api.Catalog;
using Recommender.Api.Decisions;
using Recommender.Api.Decisions.Log;
using Recommender.Api.Infrastructure;
using Recommender.Api.Stores;
using Recommender.Core.Runtime;
using Recommender.Data.DecisionLog;
using Recommender.Decisioning.Timing;

namespace Recommender.Api.Planning;

/// <summary>
/// <c>recommender plan</c>: one decision per user of an audience at one instant, made by the API's own services (the
/// same <see cref="DecisionService"/>, store, catalog, model, exploration seed and decision log writer, composed by
/// <see cref="ApiHost.AddServices"/> from the same configuration), written to a Parquet or CSV file.
/// </summary>
/// <remarks>
/// <para><b>The protocol</b> (docs/plan.md): (1) decide every user and write the rows to <c>OUT.PID.tmp</c>, the sends to a
/// spool beside it and the decision log rows to a staging folder beside it; nothing is written to the store. (2) Flush
/// the plan file to the disk and rename it to <c>OUT</c>. (3) Record every spooled send in the store as a pending send,
/// conditional on the version it was decided on (re-read when the user changed in between), then move the staged
/// decision log files into the log folder. Interrupted before (2), the temporary files are deleted and the store and
/// the log are as they were; once (2) is done, an interruption no longer stops the plan: recording finishes, so every
/// pending send is in the plan and every planned send is pending. Only a crash inside (3) leaves planned sends that
/// are not pending (never the reverse); caps count those once the caller's <c>message_sent</c> arrives.</para>
/// <para><b>Memory</b> is one chunk of users (<see cref="PlanSettings.ChunkSize"/>) in flight plus the model and the
/// store's cache, whatever the audience's size; with <see cref="PlanSettings.BoundHeap"/> (the CLI) the process's heap
/// is bounded to that (<see cref="PlanHeapLimit"/>), or the server GC's sizing would grow with the plan's length.</para>
/// </remarks>
public static class PlanJob
{
    /// <summary>A plan's store reads have no waiting caller: the API's quarter-second bound would only turn a slow read into "send nothing".</summary>
    public static readonly TimeSpan DefaultStoreTimeout = TimeSpan.FromSeconds(30);

    public static async Task<PlanResult> RunAsync(PlanSettings settings, Action<PlanProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if ((settings.Store is null) == (settings.Data is null))
        {
            throw new PlanInputException("Plan from exactly one of --store URI (a running state store) and --data DIR (a data folder).");
        }

        PlanWriters.CheckName(settings.Out);
        try
        {
            settings.SendTime?.Validate();
        }
        catch (ArgumentException e)
        {
            throw new PlanInputException("--" + e.Message.Replace('_', '-'));
        }

        var outPath = Path.GetFullPath(settings.Out);
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        var at = DateTime.SpecifyKind(settings.At, DateTimeKind.Utc);
        var records = settings.Store is not null && !settings.DryRun;
        var logs = settings.DecisionLog is not null && !settings.DryRun;
        var stamp = $"{Environment.ProcessId}.{Guid.NewGuid():N}"[..24];
        var tempPath = $"{outPath}.{stamp}.tmp";
        var spoolPath = $"{outPath}.{stamp}.sends.tmp";
        var stagingLog = $"{outPath}.{stamp}.log.tmp";
        var scratch = settings.Data is null ? null : Path.Combine(Path.GetTempPath(), $"recommender-plan-{stamp}");

        var configuration = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Store:Timeout"] = DefaultStoreTimeout.ToString("c", CultureInfo.InvariantCulture),
            // A plan reads each user once: a cache of decoded states would only fill up (to 100,000 users, several hundred MB
            // by default) and make the plan's memory grow with its audience up to that size.
            ["Store:SqliteCacheUsers"] = "0",
            ["DecisionLog:Enabled"] = logs ? "true" : "false",
            ["DecisionLog:Folder"] = stagingLog,
            ["DecisionLog:RowGroupSize"] = "5000",
            // A plan produces decisions far faster than the log writes them: a queue of one chunk, not the API's 50,000
            // decisions, so the log holds at most a chunk and a row group of decisions the plan file already has.
            ["DecisionLog:QueueCapacity"] = settings.ChunkSize.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings.Configuration)
        {
            configuration[key] = value;
        }

        configuration["Store:Connection"] = settings.Store ?? "sqlite:" + Path.Combine(scratch!, "state.db");
        if (settings.Model is not null)
        {
            configuration["Model:Path"] = settings.Model;
        }

        if (settings.Catalog is not null)
        {
            configuration["Catalog:Path"] = settings.Catalog;
        }

        if (settings.Data is not null)
        {
            configuration["Bootstrap:Path"] = settings.Data;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        // A start-up that fails (a bundle trained with another catalog, say) is reported once, by the command line (a
        // setting to fix without a stack trace), not also by the host's own error log with the whole trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        ApiHost.AddServices(builder.Services);
        if (settings.Data is not null)
        {
            // The instant itself, not its text, which the configuration binder reads back as the machine's local time
            // (BootstrapOptions.BeforeUtc).
            builder.Services.PostConfigure<BootstrapOptions>(o => o.Before = at);
        }
        var host = builder.Build();
        var started = false;
        long? heapLimit = null;
        var recording = false;
        try
        {
            await host.StartAsync(ct);
            started = true;
            var services = host.Services;
            var limits = services.GetRequiredService<IOptions<InputLimits>>().Value;
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            if (at > limits.Latest(now))
            {
                throw new PlanInputException($"--at {at:O}: expected {limits.LatestExpected(now)}; a plan records its sends at that instant.");
            }

            if (services.GetRequiredService<CatalogHolder>().Current.Messages.Count == 0)
            {
                throw new PlanInputException(
                    "The catalog is empty, so every user would be told to send nothing: give --catalog FILE (the catalog.json the API serves, " +
                    "Catalog:Path), or plan from --data DIR, whose catalog.json is used.");
            }

            // Set once the model and catalog are loaded: the default limit starts from what they hold. Not when the plan
            // logs its decisions: the heap such a plan needs grows with its length (a million-user logged plan ran out of
            // memory under a limit of 274 MiB a third of the way through, and again with the log's allowance raised;
            // docs/results.md, "Plans"), and why was not found, so it runs unbounded as before.
            heapLimit = settings.BoundHeap && !logs
                ? PlanHeapLimit.Compute(services.GetRequiredService<IConfiguration>()[PlanHeapLimit.Key], settings.ChunkSize, settings.Users) is { } limit
                    ? PlanHeapLimit.Apply(limit)
                    : (long?)null
                : null;

            var store = services.GetRequiredService<IUserStateStore>();
            var decisions = services.GetRequiredService<DecisionService>();
            var log = services.GetRequiredService<DecisionLogWriter>();
            // Reads come in batches ahead of the deciding, so deciding only computes: one thread per core, whatever the store.
            var parallelism = settings.Parallelism > 0 ? settings.Parallelism : Environment.ProcessorCount;

            var watch = Stopwatch.StartNew();
            long users = 0, sends = 0;
            await using (var spool = records ? new PendingSendSpool(spoolPath) : null)
            {
                var completed = false;
                try
                {
                    var pendingWrite = Task.CompletedTask;
                    Task pendingRead = Task.CompletedTask;
                    await using (var writer = new PlanWriterThread(await PlanWriters.CreateAsync(outPath, tempPath, ct, settings.SendTime is not null)))
                    {
                        try
                        {
                            // Each chunk is read in one batch while the chunk before it is decided, then decided on every
                            // core; its rows are written while the next one is decided. Rows land by index, so the file keeps
                            // the audience's order and is the same whatever the parallelism.
                            await using var chunks = Chunks(PlanAudience.Of(settings.Users, store, limits.MaxIdLength, ct), settings.ChunkSize, ct)
                                .GetAsyncEnumerator(ct);
                            var next = await chunks.MoveNextAsync() ? ReadAhead(store, chunks.Current, ct) : null;
                            while (next is { } current)
                            {
                                var reads = await current.Reads;
                                next = await chunks.MoveNextAsync() ? ReadAhead(store, chunks.Current, ct) : null;
                                pendingRead = next?.Reads ?? Task.CompletedTask;
                                var decided = Decide(decisions, current.Users, reads, at, settings.SendTime, parallelism, ct);

                                await pendingWrite;
                                foreach (var (document, version) in decided)
                                {
                                    if (document.Decision.MessageId is not null)
                                    {
                                        sends++;
                                        spool?.Add(document, version);
                                    }

                                    await log.AppendAsync(document, null, ct);
                                }

                                ThrowIfFailed(log, "no plan file was written and nothing was recorded");

                                users += decided.Length;
                                var rows = Array.ConvertAll(decided, d => d.Document);
                                pendingWrite = writer.WriteAsync(rows, ct);
                                progress?.Invoke(new PlanProgress(users, sends, watch.Elapsed));
                            }

                            await pendingWrite;
                            await writer.CompleteAsync(ct);
                        }
                        finally
                        {
                            // A chunk may still be being written (and the next one read) when deciding stops: the writer
                            // and the store are closed only after them.
                            await pendingWrite.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                            await pendingRead.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                        }
                    }

                    ct.ThrowIfCancellationRequested();
                    File.Move(tempPath, outPath, overwrite: true);
                    completed = true;
                }
                finally
                {
                    if (!completed)
                    {
                        File.Delete(tempPath);
                    }
                }

                var planTime = watch.Elapsed;

                // The plan file is complete and in place: from here on an interruption does not stop the plan, or
                // sends in the plan would be missing from the store.
                watch.Restart();
                recording = true;
                var (afterChange, notRecorded, notRecordedUsers) = spool is null
                    ? (0L, 0L, (IReadOnlyList<string>)[])
                    : await RecordAsync(spool, store is TimeLimitedStore limited ? limited.Inner : store, services.GetRequiredService<IOptions<DecisionOptions>>().Value.MaxAttempts);
                await host.StopAsync(CancellationToken.None);
                started = false;
                ThrowIfFailed(log, $"{outPath} is complete and its sends are recorded as pending, but its decision log is not");
                var logFiles = logs ? MoveLog(stagingLog, settings.DecisionLog!) : 0;
                return new PlanResult(outPath, users, sends, records, afterChange, notRecorded, notRecordedUsers, logFiles, planTime, watch.Elapsed)
                {
                    HeapLimit = heapLimit,
                };
            }
        }
        catch (Exception e) when (heapLimit is { } bound && IsOutOfMemory(e))
        {
            // The limit is this command's own choice, so running out under it is a refusal that names the fix, not a crash.
            throw new PlanInputException(
                $"The plan ran out of memory under its managed heap limit of {bound >> 20:N0} MiB ({PlanHeapLimit.Key}; docs/plan.md): " +
                (recording
                    ? $"{outPath} is complete, but not all of its sends may be recorded as pending. "
                    : "no plan file was written and nothing was recorded. ") +
                $"Run it again with a larger limit (environment variable {PlanHeapLimit.Key.Replace(":", "__", StringComparison.Ordinal)}=MiB) or 0 for none.", e);
        }
        finally
        {
            if (started)
            {
                await host.StopAsync(CancellationToken.None);
            }

            // Whatever is left of the staging log belongs to a plan that was not completed (or was moved already).
            if (Directory.Exists(stagingLog))
            {
                Directory.Delete(stagingLog, recursive: true);
            }

            // Disposing the host closes the store (and gives back the SQLite file's lock) before its scratch folder goes.
            host.Dispose();
            if (scratch is not null && Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    /// <summary>
    /// A plan whose log writer failed stops: its log would miss decisions that the plan file holds. (Before, the plan waited
    /// for ever on the full queue of a writer that had died.)
    /// </summary>
    private static void ThrowIfFailed(DecisionLogWriter log, string outcome)
    {
        if (log.Failure is { } failure)
        {
            throw new InvalidOperationException($"The plan's decision log could not be written ({failure.Message}): {outcome}.", failure);
        }

        // A row group the writer could not write is counted and passed over, as a server must; the plan's log would then
        // hold fewer decisions than its file.
        if (log.RowsNotWritten is > 0 and var lost)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture, $"The plan's decision log could not be written ({lost:N0} decisions were not, the error log says why): {outcome}."));
        }
    }

    /// <summary>An out-of-memory error, alone or wrapped (<see cref="ManagedHeapLimit.IsOutOfMemory"/>).</summary>
    internal static bool IsOutOfMemory(Exception e) => ManagedHeapLimit.IsOutOfMemory(e);

    private static async IAsyncEnumerable<List<string>> Chunks(
        IAsyncEnumerable<string> users, int size, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var chunk = new List<string>(size);
        await foreach (var user in users.WithCancellation(ct))
        {
            chunk.Add(user);
            if (chunk.Count == size)
            {
                yield return chunk;
                chunk = new List<string>(size);
            }
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    /// <summary>A chunk's batch read, started on the thread pool so that it runs while the chunk before it is decided.</summary>
    private static (List<string> Users, Task<IReadOnlyList<UserRead>> Reads)? ReadAhead(IUserStateStore store, List<string> users, CancellationToken ct) =>
        (users, Task.Run(() => store.ReadManyAsync(users, ct), ct));

    /// <summary>
    /// Decides a chunk on <paramref name="parallelism"/> threads. Each decision depends only on its user's read, the
    /// instant and its id (the exploration draw is keyed by the id), so the rows are the same in any order of work.
    /// </summary>
    private static (DecisionDocument Document, long Version)[] Decide(
        DecisionService decisions, List<string> users, IReadOnlyList<UserRead> reads, DateTime at, SendTimeOptions? sendTime, int parallelism,
        CancellationToken ct)
    {
        var decided = new (DecisionDocument Document, long Version)[users.Count];
        Parallel.For(0, users.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, i =>
        {
            var (decision, version) = decisions.Plan(reads[i], PlanDecisionIds.For(at, users[i]), at, sendTime);
            decided[i] = (DecisionDocument.Write(decision), version);
        });
        return decided;
    }

    /// <summary>
    /// Records the spooled sends, each conditional on the version it was decided on; a user whose state changed since
    /// is read again and the send recorded on the new version (the plan holds it already). Never cancelled: see the remarks above.
    /// </summary>
    /// <remarks>
    /// A batch's sends are all asked for at once, so that the store can group them: the SQLite store's committer
    /// writes up to <see cref="SqliteGroupCommitter.MaxGroup"/> of them in one transaction and one fsync (a send at a
    /// time, two in flight, paid one fsync each), and Redis pipelines them. Each send is still its own conditional
    /// write: the version guard and "recorded before counts as recorded" are the store's, as for the API.
    /// </remarks>
    private static async Task<(long AfterChange, long NotRecorded, IReadOnlyList<string> Users)> RecordAsync(
        PendingSendSpool spool, IUserStateStore store, int maxAttempts)
    {
        long afterChange = 0, notRecorded = 0;
        var failed = new List<string>();
        foreach (var batch in spool.Read(4_096))
        {
            await Task.WhenAll(batch.Select(async entry =>
            {
                var (send, version) = entry;
                for (var attempt = 0; attempt < maxAttempts; attempt++)
                {
                    try
                    {
                        if (await store.TryRecordSendAsync(send.UserId, version, send, CancellationToken.None).ConfigureAwait(false))
                        {
                            if (attempt > 0)
                            {
                                Interlocked.Increment(ref afterChange);
                            }

                            return;
                        }

                        version = (await store.ReadAsync(send.UserId, CancellationToken.None).ConfigureAwait(false)).Version;
                    }
                    catch (StoreUnavailableException)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(100 << Math.Min(attempt, 5)), CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (DecisionIdReusedException)
                    {
                        // A plan's ids name its instant and user (PlanDecisionIds), so only a store edited by hand gets here.
                        break;
                    }
                }

                Interlocked.Increment(ref notRecorded);
                lock (failed)
                {
                    if (failed.Count < 20)
                    {
                        failed.Add(send.UserId);
                    }
                }
            })).ConfigureAwait(false);
        }

        return (afterChange, notRecorded, failed);
    }

    /// <summary>Moves the complete decision log files of the plan into the log folder (same names: process id and sequence make them unique).</summary>
    private static int MoveLog(string staging, string folder)
    {
        if (!Directory.Exists(staging))
        {
            return 0;
        }

        Directory.CreateDirectory(folder);
        var moved = 0;
        foreach (var file in Directory.EnumerateFiles(staging, DecisionLogColumns.FilePrefix + "*" + DecisionLogColumns.FileExtension))
        {
            File.Move(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: false);
            moved++;
        }

        return moved;
    }
}
