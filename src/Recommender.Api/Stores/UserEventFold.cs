using Recommender.Core.Events;
using Recommender.Core.Features;

namespace Recommender.Api.Stores;

/// <summary>
/// How both stores apply one user's part of a batch to the user's state: each event once by its key (<see cref="EventKeys"/>),
/// a caller's report of a send the API recorded counted once, and nothing older than the idempotency horizon.
/// </summary>
/// <remarks>
/// <para><b>Bounded memory of event keys.</b> A store remembers a key together with the instant it is kept by (the
/// event's timestamp) and forgets it once that instant lies more than <see cref="StoreOptions.IdempotencyHorizon"/>
/// behind the user's latest event (<see cref="NotBefore"/>). An event dated before that instant is therefore not applied
/// unless its key is still remembered (then it is a duplicate): its key may have been forgotten, so it could be a
/// retry of an event applied long ago. It is reported as expired instead. The horizon only moves forward, so a key is
/// forgotten only when no event carrying it can be applied any more: within the horizon every duplicate is caught.</para>
/// <para>The horizon counts in event time (the user's own latest event), not the server's clock: a replay of an old
/// log (<c>--bootstrap</c>) is judged exactly like live traffic, and the answer does not depend on when it runs.</para>
/// <para><b>Scheduled sends.</b> A send the API recorded for a decision's <c>send_at</c> (<see cref="EventKeys.IsScheduledSend"/>)
/// is applied like any send and marked scheduled (<see cref="UserState.MarkScheduled"/>). The caller's first report of it
/// (its <c>message_sent</c> naming the decision and message) replaces it: the recorded send leaves the state and the
/// report's own instant takes its place, so the caps count the send when it really went out. The recorded send is found
/// by the instant its key is kept by (the send's own instant, to the millisecond in Redis), so a report never moves
/// another send. A send decided for "now" is not marked, and its report stays a duplicate, as before.</para>
/// </remarks>
internal static class UserEventFold
{
    /// <summary>
    /// The earliest instant an event of this user may carry to be applied (the user's latest event − the horizon);
    /// keys kept by an earlier instant may be forgotten. Null while the user has no event.
    /// </summary>
    public static DateTime? NotBefore(UserState state, TimeSpan horizon)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.LatestEventAt is { } latest && latest.Ticks > horizon.Ticks
            ? new DateTime(latest.Ticks - horizon.Ticks, DateTimeKind.Utc)
            : null;
    }

    /// <summary>Folds <paramref name="items"/> (one user's, in batch order) into <paramref name="state"/>.</summary>
    /// <param name="isSeen">True when the key is remembered: stored before, or marked earlier in this fold.</param>
    /// <param name="tryMark">Remembers a key, kept by the instant given; false when it was remembered already.</param>
    /// <param name="expired">Receives the events not applied because they are older than the horizon.</param>
    /// <param name="keptBy">The instant a remembered key is kept by (to the millisecond at least), or null when it is not remembered.</param>
    public static FoldCounts Apply(
        UserState state, IReadOnlyList<BatchEvent> items, TimeSpan horizon,
        Func<string, bool> isSeen, Func<string, DateTime, bool> tryMark, List<ExpiredEvent> expired, Func<string, DateTime?> keptBy)
    {
        ArgumentNullException.ThrowIfNull(keptBy);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(items);
        int applied = 0, duplicates = 0, marked = 0;
        foreach (var (e, key, index) in items)
        {
            if (NotBefore(state, horizon) is { } notBefore && e.Timestamp < notBefore)
            {
                // Remembered still (not yet trimmed): applied before, so a duplicate. Else it may have been forgotten.
                if (isSeen(key))
                {
                    duplicates++;
                }
                else
                {
                    expired.Add(new ExpiredEvent(index, notBefore));
                }

                continue;
            }

            if (!tryMark(key, e.Timestamp))
            {
                duplicates++;
                continue;
            }

            marked++;
            // The caller's report of the send this API recorded when deciding: that send is in the state already. The
            // mark is kept at least as long as the recorded send's key (which is no later than the user's latest event),
            // so a second report of the same decision can never find the send without the mark.
            if (EventKeys.RecordedSendOf(e) is { } recorded && isSeen(recorded)
                && tryMark(EventKeys.ReportOf(recorded), Later(e.Timestamp, state.LatestEventAt)))
            {
                marked++;
                // A scheduled send is moved to the instant the report gives; any other recorded send stays as it is.
                if (keptBy(recorded) is { } at && state.TryMoveScheduledSend(at, at.AddTicks(TimeSpan.TicksPerMillisecond), e))
                {
                    applied++;
                }
                else
                {
                    duplicates++;
                }

                continue;
            }

            ApplyOne(state, e);
            applied++;
        }

        return new FoldCounts(applied, duplicates, marked);
    }

    /// <summary>Applies one event the fold accepted: a send the API recorded for a later instant is also marked scheduled.</summary>
    public static void ApplyOne(UserState state, UserEvent e)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Apply(e);
        if (EventKeys.IsScheduledSend(e))
        {
            state.MarkScheduled(e.Timestamp);
        }
    }

    private static DateTime Later(DateTime a, DateTime? b) => b is { } t && t > a ? t : a;
}

/// <summary>What one user's fold did: events applied, duplicates, and keys newly remembered.</summary>
internal readonly record struct FoldCounts(int Applied, int Duplicates, int Marked);
