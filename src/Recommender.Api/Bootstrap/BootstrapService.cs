using System.Diagnostics;
using Microsoft.Extensions.Options;
using Recommender.Api.Stores;
using Recommender.Core.Events;
using Recommender.Data;
using Recommender.Data.Events;
using Recommender.Data.Profiles;

namespace Recommender.Api.Bootstrap;

/// <summary>
/// <c>serve --bootstrap DIR</c>: before the server listens, load the folder's profiles and replay its events into
/// the store, streaming one row group at a time. Replaying is idempotent (events are keyed like any other), so
/// starting again with the same folder changes nothing: events within the idempotency horizon are duplicates, older
/// ones are not applied (expired). Each user's events should come in time order (any order within the horizon).
/// </summary>
internal sealed class BootstrapService(IOptions<BootstrapOptions> options, IUserStateStore limitedStore, ILogger<BootstrapService> logger) : IHostedService
{
    /// <summary>
    /// With <see cref="BootstrapOptions.Before"/> set, a folder whose latest event is further behind it than this is
    /// called stale: more than a daily export's delay and a weekend.
    /// </summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromDays(3);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Batches of thousands of events take longer than a request's store time limit; before listening no caller waits.
        var store = limitedStore is TimeLimitedStore limited ? limited.Inner : limitedStore;
        var settings = options.Value;
        if (settings.Path is null)
        {
            return;
        }

        var watch = Stopwatch.StartNew();
        var before = settings.BeforeUtc ?? DateTime.MaxValue;
        var folder = DataFolder.Open(settings.Path);
        var profiles = await ProfileParquetReader.ReadAsync(folder.ProfilesPath, ct: cancellationToken);
        foreach (var chunk in profiles.Chunk(settings.BatchSize))
        {
            await store.PutProfilesAsync(chunk, cancellationToken);
        }

        long applied = 0, duplicates = 0, expired = 0;
        var pending = new List<UserEvent>(settings.BatchSize);
        long later = 0;
        var latest = DateTime.MinValue;
        // One batch is written while the next is read: the store's writer and the Parquet reader each keep a core busy.
        // Never more than one in flight, so a batch that fails stops the load before anything after it is written.
        Task<ApplyResult>? writing = null;
        async Task Flush()
        {
            if (writing is not null)
            {
                (applied, duplicates, expired) = Sum((applied, duplicates, expired), await writing);
                writing = null;
            }

            if (pending.Count > 0)
            {
                writing = store.ApplyAsync(pending, cancellationToken);
                pending = new List<UserEvent>(settings.BatchSize);
            }
        }

        async Task Add(UserEvent e)
        {
            if (e.Timestamp >= before)
            {
                later++;
                return;
            }

            if (e.Timestamp > latest)
            {
                latest = e.Timestamp;
            }

            pending.Add(e);
            if (pending.Count == settings.BatchSize)
            {
                await Flush();
            }
        }

        // The profiles' dated rows are profile_updated events: they go into each user's state, point in time, like the
        // log's own. Their event ids are derived from user and instant, so replaying them again changes nothing. They
        // join each user's events in time order: sent ahead of the log, a later update would put the user's older events
        // behind the idempotency horizon, and they would not be applied.
        var updates = profiles.SelectMany(p => p.Updates)
            .GroupBy(u => u.UserId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new Queue<UserEvent>(g.OrderBy(u => u.Timestamp)), StringComparer.Ordinal);
        // The store applies each event id once by itself (an id repeated within the horizon is a duplicate, one repeated
        // later is expired), so the reader need not remember every id of the folder.
        var read = new EventReadOptions { SkipRepeatedIds = false };
        await foreach (var batch in EventParquetReader.ReadAsync(folder.EventsPath, read, cancellationToken))
        {
            foreach (var e in batch.Events)
            {
                if (updates.TryGetValue(e.UserId, out var due))
                {
                    while (due.Count > 0 && due.Peek().Timestamp <= e.Timestamp)
                    {
                        await Add(due.Dequeue());
                    }
                }

                await Add(e);
            }
        }

        foreach (var due in updates.Values)
        {
            while (due.Count > 0)
            {
                await Add(due.Dequeue());
            }
        }

        // Twice: the first sends the last batch read (after the one in flight), the second waits for it.
        await Flush();
        await Flush();

        logger.LogInformation(
            "Bootstrapped from {Folder}: {Profiles} profiles, {Applied} events applied, {Duplicates} already in the store, " +
            "{Expired} older than their user's idempotency horizon (not applied), in {Seconds:F1}s",
            settings.Path, profiles.Count, applied, duplicates, expired, watch.Elapsed.TotalSeconds);
        if (later > 0)
        {
            logger.LogInformation("{Later} events of {Folder} at or after {Before:O} were not loaded (Bootstrap:Before).", later, settings.Path, before);
        }

        if (settings.BeforeUtc is { } asOf && latest > DateTime.MinValue && asOf - latest > StaleAfter)
        {
            // A plan's --at long after an export's end decides on states as they were at the end: to the models every
            // user has done nothing since, and no send of the gap is counted against a cap. Said, not refused: planning
            // ahead on purpose is legitimate.
            logger.LogWarning(
                "The latest event of {Folder} is at {Latest:O}, {Days:F1} days before {Before:O} (Bootstrap:Before, a plan's --at): every user's state is as it was then, " +
                "so the gap reads as inactivity and any send made in it is unknown to the caps. Export the data up to --at, or plan at its end.",
                settings.Path, latest, (asOf - latest).TotalDays, asOf);
        }

        if (expired > 0 && duplicates == 0)
        {
            // Replaying a log the store already holds meets its old events this way (their ids are forgotten), and meets
            // duplicates too. A first load meets them only when a user's events are out of time order by more than the horizon.
            logger.LogWarning(
                "{Expired} events of {Folder} were not applied: each lies more than Store:IdempotencyHorizon before an event of its user " +
                "that came earlier in the folder (or repeats the event_id of an event applied more than the horizon earlier). Sort each " +
                "user's events by time (or raise the horizon) to load them.",
                expired, settings.Path);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static (long, long, long) Sum((long Applied, long Duplicates, long Expired) total, ApplyResult r) =>
        (total.Applied + r.Applied, total.Duplicates + r.Duplicates, total.Expired + r.Expired.Count);
}
