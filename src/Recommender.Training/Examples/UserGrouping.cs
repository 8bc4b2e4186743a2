using System.Runtime.CompilerServices;
using Recommender.Core.Randomness;
using Recommender.Data;
using Recommender.Data.Events;

namespace Recommender.Training.Examples;

/// <summary>
/// Turns the event stream into one group per user, for input that holds each user's events together (what the
/// generator and most exports write). A user seen again after another user proves the input is not grouped: it
/// throws <see cref="InputNotGroupedException"/> rather than hand out half a history, which would give wrong
/// features and labels without any error.
/// </summary>
internal static class UserGrouping
{
    /// <remarks>
    /// Finished users are remembered by a 64-bit stable hash: 8 bytes a user instead of the id string, and a
    /// collision (about one in 10^7 at a million users) only sends the job down the slower, always-correct path.
    /// </remarks>
    public static async IAsyncEnumerable<UserEvents> ConsecutiveAsync(
        IAsyncEnumerable<EventBatch> batches, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var finished = new HashSet<ulong>();
        UserEvents? current = null;
        await foreach (var batch in batches.WithCancellation(ct).ConfigureAwait(false))
        {
            foreach (var e in batch.Events)
            {
                if (current is not null && string.Equals(current.UserId, e.UserId, StringComparison.Ordinal))
                {
                    current.Events.Add(e);
                    continue;
                }

                if (current is not null)
                {
                    finished.Add(StableHash.Of(current.UserId));
                    yield return current;
                }

                if (finished.Contains(StableHash.Of(e.UserId)))
                {
                    throw new InputNotGroupedException(e.UserId, batch.File, batch.FirstRow);
                }

                current = new UserEvents(e.UserId, [e]);
            }
        }

        if (current is not null)
        {
            yield return current;
        }
    }
}
