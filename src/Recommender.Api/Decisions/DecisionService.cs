using Microsoft.Extensions.Options;
using Recommender.Api.Catalog;
using Recommender.Api.Decisions.Log;
using Recommender.Api.Infrastructure;
using Recommender.Api.Models;
using Recommender.Api.Stores;
using Recommender.Core.Events;
using Recommender.Decisioning;

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
    public async Task<DecisionDocument> DecideAsync(string userId, string? channel, IReadOnlyList<string>? candidates, DateTime? asOf, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var decisionId = Guid.CreateVersion7(now).ToString("N");
        var instant = asOf ?? now.UtcDateTime;
        var settings = options.Value;
        Decision? decision = null;
        try
        {
            for (var attempt = 0; attempt < settings.MaxAttempts && decision is null; attempt++)
            {
                var snapshot = await store.ReadAsync(userId, ct);

                // "Now" is taken after the read, not when the request arrived: a send another process recorded
                // before this read then lies strictly before this decision's instant, inside its cap windows. Taken
                // earlier, a decision that waited on the store could decide "as of" a moment before a send it can
                // already see, not count it, and pass the version check: two sends where the cap allows one (the
                // two-server Redis test caught it). DecisionInstant does the same for an as_of in the past.
                instant = DecisionInstant.Of(asOf ?? time.GetUtcNow().UtcDateTime, snapshot.State);
                if (instant < snapshot.State.ExactFrom)
                {
                    // The state keeps exact instants only from a while before its latest event; earlier than that it
                    // cannot tell which caps hold. Sending nothing is the answer that breaks no rule.
                    decision = NoSend(decisionId, userId, instant, ApiDecisionReasons.StateUnanswerable);
                    break;
                }

                var model = models.Current;
                var candidate = new DecisionEngine(model.Scorer, settings.ExplorationSeed).Decide(new DecisionRequest
                {
                    DecisionId = decisionId,
                    UserId = userId,
                    State = snapshot.State,
                    Profile = snapshot.Profile,
                    Catalog = catalog.Current,
                    AsOf = instant,
                    Channel = channel,
                    Candidates = candidates,
                });
                if (candidate.MessageId is null || !settings.RecordSends
                    || await store.TryRecordSendAsync(userId, snapshot.Version, SendOf(candidate), ct))
                {
                    decision = candidate;
                }
            }

            decision ??= NoSend(decisionId, userId, instant, ApiDecisionReasons.StateContention);
        }
        catch (StoreUnavailableException e)
        {
            logger.LogWarning(e, "Deciding for {UserId} without state: sending nothing", userId);
            decision = NoSend(decisionId, userId, instant, DecisionReasons.StateUnavailable);
        }
        catch (InvalidDataException e)
        {
            // Stored bytes this code cannot read: no state to check the rules against, so nothing is sent.
            logger.LogError(e, "The stored state of {UserId} cannot be read: sending nothing", userId);
            decision = NoSend(decisionId, userId, instant, ApiDecisionReasons.StateUnanswerable);
        }

        metrics.Decided(decision);
        var document = DecisionDocument.Write(decision);
        await log.AppendAsync(document, channel, ct);
        return document;
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
    /// The send as the state records it: the event a caller would report, keyed by the decision. It is stamped one
    /// tick before the decision instant because the rules count sends strictly before their instant: another
    /// decision at the very same instant (two racing requests, or one <c>as_of</c> given twice) must see it.
    /// </summary>
    private static UserEvent SendOf(Decision d) => new(
        EventId: EventKeys.ForDecision(d.DecisionId, d.MessageId!),
        UserId: d.UserId,
        Timestamp: d.AsOf.AddTicks(-1),
        EventType: EventTypes.MessageSent,
        MessageId: d.MessageId,
        Properties: EventProperties.OfDecision(d.DecisionId, d.Propensity));
}
