using Recommender.Core.Events;
using Recommender.Core.Profiles;

namespace Recommender.Api.Stores;

/// <summary>
/// Where the API keeps each user's folded <c>UserState</c> and profile. Implementations: SQLite (embedded default)
/// and Redis (shared by replicas). Every write is atomic, idempotent by event key (<see cref="EventKeys"/>) and
/// durable before the returned task completes; every user carries a version that grows with each change, so a
/// caller can make a write conditional on what it read (<see cref="TryRecordSendAsync"/>).
/// </summary>
public interface IUserStateStore
{
    /// <summary>The user's state (empty when unknown), profile (null when unknown) and version (0 when unknown).</summary>
    /// <exception cref="StoreUnavailableException">The store cannot be read.</exception>
    Task<UserSnapshot> ReadAsync(string userId, CancellationToken ct = default);

    /// <summary>
    /// Many users at once, in the order asked (a plan's chunk): each as <see cref="ReadAsync"/> would answer, a failure
    /// or undecodable state kept with its user (thrown by <see cref="UserRead.Snapshot"/>) instead of failing the others.
    /// This default reads them one by one, all at once; the SQLite store reads them in one statement.
    /// </summary>
    async Task<IReadOnlyList<UserRead>> ReadManyAsync(IReadOnlyList<string> userIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        var reads = new Task<UserSnapshot>[userIds.Count];
        for (var i = 0; i < reads.Length; i++)
        {
            reads[i] = ReadAsync(userIds[i], ct);
        }

        var answers = new UserRead[reads.Length];
        for (var i = 0; i < reads.Length; i++)
        {
            try
            {
                answers[i] = UserRead.Of(await reads[i].ConfigureAwait(false));
            }
            catch (Exception e) when (e is StoreUnavailableException or InvalidDataException)
            {
                answers[i] = UserRead.Failed(userIds[i], e);
            }
        }

        return answers;
    }

    /// <summary>
    /// Applies a batch of events, in order per user. Each user's events of the batch are applied all or nothing; the
    /// SQLite store applies the whole batch in one transaction, the Redis store commits user by user (a user's keys
    /// live in one Redis Cluster slot) and, when it fails after some users were committed, throws
    /// <see cref="BatchPartlyAppliedException"/> naming them. Events whose key was applied before (or earlier in the
    /// batch) are skipped and counted as duplicates, so the whole batch may always be sent again.
    /// </summary>
    Task<ApplyResult> ApplyAsync(IReadOnlyList<UserEvent> events, CancellationToken ct = default);

    /// <summary>
    /// Records a send chosen by a decision only if the user's version is still <paramref name="expectedVersion"/>:
    /// two deciders racing for one user cannot both spend the same cap. A send whose key was recorded before at the
    /// same instant (a retry) counts as recorded; at another instant it is a second decision under one id, and throws
    /// <see cref="DecisionIdReusedException"/> without recording anything.
    /// </summary>
    Task<bool> TryRecordSendAsync(string userId, long expectedVersion, UserEvent send, CancellationToken ct = default);

    /// <summary>
    /// Every user with a stored state (anyone an event was applied to), each once: the audience of a plan. SQLite gives
    /// them in ordinal order of their ids, page by page; Redis in the order its SCAN meets them on each primary. Users
    /// written while the enumeration runs may or may not be met; none is met twice.
    /// </summary>
    /// <exception cref="StoreUnavailableException">The store cannot be read.</exception>
    IAsyncEnumerable<string> UsersAsync(CancellationToken ct = default);

    /// <summary>Inserts or replaces profiles.</summary>
    Task PutProfilesAsync(IReadOnlyList<UserProfile> profiles, CancellationToken ct = default);

    /// <summary>True when the store answers; never throws.</summary>
    Task<bool> PingAsync(CancellationToken ct = default);
}
