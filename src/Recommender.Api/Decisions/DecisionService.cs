using System.Globalization;
using Microsoft.Extensions.Options;
using Recommender.Api.Catalog;
using Recommender.Api.Decisions.Log;
using Recommender.Api.Infrastructure;
using Recommender.Api.Models;
using Recommender.Api.Stores;
using Recommender.Core.Events;
using Recommender.Decisioning;
using Recommender.Decisioning.Timing;

namespace Recommender.Api.Decisions;

/// <summary>
/// Read the user, decide, record the send conditionally on the version read, log. When the store cannot be read
/// the answer is "send nothing" with <see cref="DecisionReasons.StateUnavailable"/>, and when the state cannot answer
/// for the instant, with <see cref="ApiDecisionReasons.StateUnanswerable"/>: never a guess that could break a cap,
/// and never an error the caller would have to handle to stay safe.
/// </summary>
public sealed class DecisionService(
    IUserStateStore store,
    CatalogHolder catalog,
    ModelHolder models,
    DecisionLogWriter log,
    ApiMetrics metrics,
    TimeProvider time,
    IOptions<DecisionOptions> options,
    ILogger<DecisionService> logger)
{
    public async Task<DecisionDocument> DecideAsync(
        string userId, string? channel, IReadOnlyList<string>? candidates, DateTime? asOf, CancellationToken ct, string? decisionId = null,
        SendTimeOptions? sendTime = null)
    {
        decisionId ??= Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
        var settings = options.Value;
        var decision = await FailSafeAsync(userId, decisionId, asOf, async instant =>
        {
            for (var attempt = 0; attempt < settings.MaxAttempts; attempt++)
            {
                var (candidate, version) = await DecideOnceAsync(userId, decisionId, asOf, channel, candidates, sendTime, ct);
                instant = candidate.AsOf;
                try
                {
                    if (candidate.MessageId is null || !settings.RecordSends
                        || await store.TryRecordSendAsync(userId, version, SendOf(candidate), ct))
                    {
                        return candidate;
                    }
                }
                catch (DecisionIdReusedException reused)
                {
                    logger.LogWarning("Decision id {DecisionId} reused for {UserId}: sending nothing", decisionId, userId);
                    return NoSend(decisionId, userId, instant, ApiDecisionReasons.DecisionIdReused) with
                    {
                        Suppressed =
                        [
                            new Suppression(reused.MessageId, ApiDecisionReasons.DecisionIdReused, string.Create(CultureInfo.InvariantCulture,
                                $"this decision_id recorded a send of '{reused.MessageId}' at {reused.RecordedAt:yyyy-MM-ddTHH:mm:ss.fffZ} already; give each decision its own id")),
                        ],
                    };
                }
            }

            return NoSend(decisionId, userId, instant, ApiDecisionReasons.StateContention);
        });

        metrics.Decided(decision);
        var document = DecisionDocument.Write(decision);
        await log.AppendAsync(document, channel, ct);
        return document;
    }

    /// <summary>
    /// The decision <see cref="DecideAsync"/> would make for the user as <paramref name="read"/> holds them, with the same
    /// rules, instant, exploration and fail-safe answers, but without recording its send or logging it: for a plan
    /// (<c>recommender plan</c>), which reads its users a chunk at a time (<see cref="IUserStateStore.ReadManyAsync"/>),
    /// decides them on every core, and records its sends and logs its decisions only once the plan file is complete.
    /// </summary>
    /// <returns>The decision and the user's version it was made on (0 when the store could not be read).</returns>
    public (Decision Decision, long Version) Plan(UserRead read, string decisionId, DateTime asOf, SendTimeOptions? sendTime = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        Decision decision;
        long version = 0;
        try
        {
            var snapshot = read.Snapshot();
            version = snapshot.Version;
            decision = DecideOn(snapshot, decisionId, asOf, null, null, sendTime);
        }
        catch (Exception e) when (e is StoreUnavailableException or InvalidDataException)
        {
            version = 0;
            decision = FailSafe(e, read.UserId, decisionId, asOf);
        }

        metrics.Decided(decision);
        return (decision, version);
    }

    /// <summary>
    /// Runs <paramref name="decide"/>; a store that cannot be read, or bytes it cannot decode, give "send nothing" with
    /// the reason instead of an error.
    /// </summary>
    private async Task<Decision> FailSafeAsync(string userId, string decisionId, DateTime? asOf, Func<DateTime, Task<Decision>> decide)
    {
        var instant = asOf ?? time.GetUtcNow().UtcDateTime;
        try
        {
            return await decide(instant);
        }
        catch (Exception e) when (e is StoreUnavailableException or InvalidDataException)
        {
            return FailSafe(e, userId, decisionId, instant);
        }
    }

    /// <summary>The answer when the store cannot be read (<see cref="StoreUnavailableException"/>) or its bytes cannot be decoded.</summary>
    private Decision FailSafe(Exception e, string userId, string decisionId, DateTime instant)
    {
        if (e is StoreUnavailableException)
        {
            logger.LogWarning(e, "Deciding for {UserId} without state: sending nothing", userId);
            return NoSend(decisionId, userId, instant, DecisionReasons.StateUnavailable);
        }

        // Stored bytes this code cannot read: no state to check the rules against, so nothing is sent.
        logger.LogError(e, "The stored state of {UserId} cannot be read: sending nothing", userId);
        return NoSend(decisionId, userId, instant, ApiDecisionReasons.StateUnanswerable);
    }

    /// <summary>One read and one decision on it (nothing written): the single place the API decides.</summary>
    private async Task<(Decision Decision, long Version)> DecideOnceAsync(
        string userId, string decisionId, DateTime? asOf, string? channel, IReadOnlyList<string>? candidates, SendTimeOptions? sendTime,
        CancellationToken ct)
    {
        var snapshot = await store.ReadAsync(userId, ct);
        return (DecideOn(snapshot, decisionId, asOf, channel, candidates, sendTime), snapshot.Version);
    }

    /// <summary>The decision on one read of the user: the single place the API and a plan decide.</summary>
    private Decision DecideOn(
        UserSnapshot snapshot, string decisionId, DateTime? asOf, string? channel, IReadOnlyList<string>? candidates, SendTimeOptions? sendTime)
    {
        // "Now" is taken after the read, not when the request arrived: a send another process recorded
        // before this read then lies strictly before this decision's instant, inside its cap windows. Taken
        // earlier, a decision that waited on the store could decide "as of" a moment before a send it can
        // already see, not count it, and pass the version check: two sends where the cap allows one (the
        // two-server Redis test caught it). DecisionInstant does the same for an as_of in the past.
        var requested = asOf ?? time.GetUtcNow().UtcDateTime;
        var instant = DecisionInstant.Of(requested, snapshot.State);
        if (instant < snapshot.State.ExactFrom)
        {
            // The state keeps exact instants only from a while before its latest event; earlier than that it
            // cannot tell which caps hold. Sending nothing is the answer that breaks no rule.
            return NoSend(decisionId, snapshot.UserId, instant, ApiDecisionReasons.StateUnanswerable);
        }

        if (sendTime is null && DecisionInstant.ScheduledAhead(requested, snapshot.State) is { } scheduled)
        {
            // A "now only" caller cannot send after the scheduled send, and a send now would lie before it, where the
            // rules cannot count it against that send (DecisionInstant): nothing now, and the answer says until when.
            return NoSend(decisionId, snapshot.UserId, instant, ApiDecisionReasons.SendScheduled) with
            {
                Suppressed = [DecisionInstant.Explain(scheduled)],
            };
        }

        return new DecisionEngine(models.Current.Scorer, options.Value.ExplorationSeed).Decide(new DecisionRequest
        {
            DecisionId = decisionId,
            UserId = snapshot.UserId,
            State = snapshot.State,
            Profile = snapshot.Profile,
            Catalog = catalog.Current,
            AsOf = instant,
            Channel = channel,
            Candidates = candidates,
            SendTime = sendTime,
        });
    }

    private Decision NoSend(string decisionId, string userId, DateTime asOf, string reason) => new()
    {
        DecisionId = decisionId,
        UserId = userId,
        AsOf = asOf,
        MessageId = null,
        Reason = reason,
        Propensity = 1,
        Distribution = new Dictionary<string, double> { [Decision.NoSendAction] = 1 },
        ModelVersion = models.Current.Version,
        Scores = [],
        Suppressed = [],
    };

    /// <summary>
    /// The send as the state records it (a pending send, until the caller's <c>message_sent</c> reports it): the event a caller would report, keyed by the decision. It is stamped one
    /// tick before the decision instant because the rules count sends strictly before their instant: another
    /// decision at the very same instant (two racing requests, or one <c>as_of</c> given twice) must see it. A
    /// scheduled send (<see cref="Decision.SendAt"/>) is stamped one tick before its <c>send_at</c> in the same way,
    /// and carries its <c>send_at</c>, channel and send-time propensity: the store marks it scheduled, and the caller's
    /// report moves it to the instant it really went out (<see cref="UserEventFold"/>).
    /// </summary>
    public static UserEvent SendOf(Decision d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return SendOf(d.DecisionId, d.UserId, d.MessageId!, d.AsOf, d.Propensity, d.SendAt, d.Channel, d.SendTimePropensity);
    }

    /// <summary>The same send from a decision's fields (a plan keeps these, not the decision, until it records them).</summary>
    public static UserEvent SendOf(
        string decisionId, string userId, string messageId, DateTime asOf, double propensity,
        DateTime? sendAt = null, string? channel = null, double? sendTimePropensity = null) => new(
        EventId: EventKeys.ForDecision(decisionId, messageId),
        UserId: userId,
        Timestamp: (sendAt ?? asOf).AddTicks(-1),
        EventType: EventTypes.MessageSent,
        MessageId: messageId,
        Properties: sendAt is { } at && channel is not null
            ? EventProperties.OfScheduledDecision(decisionId, propensity, asOf, at, channel, sendTimePropensity ?? 1)
            : EventProperties.OfDecision(decisionId, propensity));
}
