using System.Collections.Concurrent;
using Recommender.Core.Events;
using Recommender.Data;
using Recommender.Data.Oracle;

namespace Recommender.Simulation;

/// <summary>
/// Records the world's true probabilities at every logged decision, keyed by decision id, so that models trained
/// on the log can be measured against the ceiling on the very rows they are validated on. Reading the oracle
/// draws no random numbers: a world run with an oracle log produces exactly the events it produces without.
/// Thread-safe: the generator runs users in parallel.
/// </summary>
public sealed class OracleLog
{
    private readonly ConcurrentDictionary<string, OracleRow> _rows = new(StringComparer.Ordinal);

    /// <summary>Decisions recorded and not yet taken.</summary>
    public int Pending => _rows.Count;

    /// <summary>A policy that decides as <paramref name="policy"/> does and records the oracle of each logged decision.</summary>
    public ISendPolicy Wrap(ISendPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new RecordingPolicy(policy, this);
    }

    /// <summary>
    /// Removes and returns the rows of the decisions logged in <paramref name="events"/> (one user's log), in log
    /// order; removing keeps memory bounded by the users not yet written.
    /// </summary>
    public IReadOnlyList<OracleRow> Take(IReadOnlyList<UserEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var taken = new List<OracleRow>();
        foreach (var e in events)
        {
            if (e.EventType is EventTypes.MessageSent or EventTypes.DecisionNoSend
                && EventPropertyReader.GetString(e.Properties, EventProperties.DecisionId) is { } id
                && _rows.TryRemove(id, out var row))
            {
                taken.Add(row);
            }
        }

        return taken;
    }

    private sealed class RecordingPolicy(ISendPolicy inner, OracleLog log) : ISendPolicy
    {
        public PolicyDecision Decide(DecisionContext context)
        {
            var decision = inner.Decide(context);
            var messageId = decision.MessageId ?? decision.HeldOutMessageId;
            if (decision.Logged && messageId is not null && context.Catalog.Find(messageId) is { } message)
            {
                log._rows[context.DecisionId] = new OracleRow(
                    context.DecisionId,
                    context.TrueGoalProbability(message, send: true),
                    context.TrueGoalProbability(message, send: false),
                    context.TrueUnsubscribeProbability(message));
            }

            return decision;
        }
    }
}
