using System.Runtime.InteropServices;
using Recommender.Core.Catalog;
using Recommender.Core.Randomness;
using Recommender.Decisioning.Rules;
using Recommender.Decisioning.Timing;

namespace Recommender.Decisioning;

/// <summary>
/// The decision rule, pure and deterministic: remove every candidate a hard rule forbids, score the rest,
/// serve the highest priority tier first and the best expected value within it, send nothing below the
/// threshold, and explore with the policy's probability. The random draw is keyed by the decision id, so
/// replaying a decision with the same inputs gives the same answer.
/// </summary>
/// <remarks>
/// Actions are the eligible messages plus "send nothing". With exploration rate ε over n actions, every action
/// gets ε/n and the greedy action gets 1 − ε on top: the logged propensity is never zero for an eligible
/// action, which is what off-policy evaluation needs (and exploring "send nothing" yields control data for uplift).
/// </remarks>
/// <remarks>
/// A request with <see cref="DecisionRequest.SendTime"/> also chooses when (within the look-ahead) and on which of
/// the message's channels to send; see <c>DecisionEngine.SendTime.cs</c>. Without it, this file is the whole rule.
/// </remarks>
public sealed partial class DecisionEngine(ICandidateScorer scorer, ulong explorationSeed = 0, IArrivalModel? arrival = null)
{
    public ICandidateScorer Scorer => scorer;

    /// <summary>Reads the user's responsiveness by hour and channel, for requests that schedule.</summary>
    public IArrivalModel Arrival { get; } = arrival ?? ObservedArrivalModel.Instance;

    public Decision Decide(DecisionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.SendTime is { } sendTime)
        {
            return DecideAhead(request, sendTime);
        }

        var catalog = request.Catalog;
        var policy = catalog.Policy;
        var context = new RuleContext(request.State, request.Profile, catalog, request.AsOf, request.Channel, request.UserId);
        var suppressed = new List<Suppression>();
        var triggerTier = TriggerTier(catalog);

        var eligible = new List<MessageDefinition>();
        if (request.Candidates is null)
        {
            // The usual request: the whole catalog, walked without an iterator.
            foreach (var message in catalog.Messages)
            {
                Consider(message);
            }
        }
        else
        {
            foreach (var message in Requested(request, suppressed))
            {
                Consider(message);
            }
        }

        void Consider(MessageDefinition message)
        {
            if (HardRules.Check(context, message) is { } suppression)
            {
                suppressed.Add(suppression);
            }
            else
            {
                eligible.Add(message);
            }
        }

        // All eligible candidates at once: a scorer shares the user's part of the work between them.
        var messages = CollectionsMarshal.AsSpan(eligible);
        var probabilities = messages.Length <= 64 ? stackalloc CandidateProbabilities[messages.Length] : new CandidateProbabilities[messages.Length];
        scorer.ScoreAll(request.State, request.Profile, messages, request.AsOf, probabilities);
        var scores = new List<CandidateScore>(messages.Length);
        var mustFill = !policy.AllowNoSend;
        for (var i = 0; i < messages.Length; i++)
        {
            var (message, p) = (messages[i], probabilities[i]);
            var uplift = scorer.EstimatesNoSend && !mustFill ? p.PGoalSend - p.PGoalNoSend : p.PGoalSend;
            var ev = uplift * message.Value - policy.FatigueWeight * p.PUnsubscribe * policy.UnsubscribeCost;
            var tier = message.Trigger is null ? message.Priority : triggerTier;
            scores.Add(new CandidateScore(message.Id, tier, p.PGoalSend, p.PGoalNoSend, uplift, p.PUnsubscribe, message.Value, ev));
        }

        var greedy = Greedy(scores, mustFill ? double.NegativeInfinity : policy.MinExpectedValue);
        // Action probabilities by position (the candidates, then "send nothing"): computed once; the distribution
        // and the draw are both read from them.
        var actions = scores.Count <= 64 ? stackalloc double[scores.Count + 1] : new double[scores.Count + 1];
        ActionProbabilities(greedy, policy.ExplorationRate, actions, noSend: !mustFill || scores.Count == 0);
        var distribution = Distribution(scores, actions);
        var chosen = Sample(scores, actions, DeterministicRandom.For(explorationSeed, request.DecisionId).NextDouble());
        return new Decision
        {
            DecisionId = request.DecisionId,
            UserId = request.UserId,
            AsOf = request.AsOf,
            MessageId = chosen == Decision.NoSendAction ? null : chosen,
            Reason = Reason(scores, greedy, chosen, triggerTier),
            Propensity = distribution[chosen],
            Distribution = distribution,
            ModelVersion = scorer.Version,
            Scores = scores,
            Suppressed = suppressed,
        };
    }

    /// <summary>The request's own candidate list: each id once, in the request's order; unknown ids are suppressed.</summary>
    private static IEnumerable<MessageDefinition> Requested(DecisionRequest request, List<Suppression> suppressed)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in request.Candidates!)
        {
            if (!seen.Add(id))
            {
                continue;
            }

            if (request.Catalog.Find(id) is { } m)
            {
                yield return m;
            }
            else
            {
                suppressed.Add(new Suppression(id, RuleIds.UnknownMessage, $"'{id}' is not in the catalog"));
            }
        }
    }

    /// <summary>Triggered messages rank above every configured priority.</summary>
    private static int TriggerTier(MessageCatalog catalog)
    {
        var max = 0;
        foreach (var m in catalog.Messages)
        {
            max = Math.Max(max, m.Priority);
        }

        return max + 1;
    }

    /// <summary>Index of the greedy candidate: highest tier with a candidate at or above the threshold, best EV within it; -1 for none.</summary>
    private static int Greedy(List<CandidateScore> scores, double threshold)
    {
        var best = -1;
        for (var i = 0; i < scores.Count; i++)
        {
            var s = scores[i];
            if (s.ExpectedValue < threshold)
            {
                continue;
            }

            if (best < 0 || s.Tier > scores[best].Tier || (s.Tier == scores[best].Tier && s.ExpectedValue > scores[best].ExpectedValue))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// ε spread over every action (the eligible candidates and "send nothing"), and 1 − ε on top for the greedy one
    /// (or "send nothing" when no candidate clears the threshold). <paramref name="probabilities"/> holds one slot per
    /// candidate, in order, and the last for "send nothing".
    /// </summary>
    /// <remarks>Without <paramref name="noSend"/> (a must-fill slot), "send nothing" gets 0 and ε is spread over the candidates.</remarks>
    private static void ActionProbabilities(int greedy, double exploration, Span<double> probabilities, bool noSend)
    {
        var actions = noSend ? probabilities.Length : probabilities.Length - 1;
        var share = actions == 1 ? 0 : exploration / actions;
        probabilities.Fill(share);
        if (!noSend)
        {
            probabilities[^1] = 0;
        }

        probabilities[greedy < 0 ? probabilities.Length - 1 : greedy] += 1 - share * actions;
    }

    private static Dictionary<string, double> Distribution(List<CandidateScore> scores, ReadOnlySpan<double> probabilities)
    {
        var distribution = new Dictionary<string, double>(probabilities.Length, StringComparer.Ordinal);
        for (var i = 0; i < scores.Count; i++)
        {
            distribution[scores[i].MessageId] = probabilities[i];
        }

        distribution[Decision.NoSendAction] = probabilities[^1];
        return distribution;
    }

    /// <summary>
    /// Draws an action with <paramref name="u"/>, the first draw of a generator keyed by the decision id, walking the actions in a fixed order
    /// (candidates in catalog or request order, then "send nothing") so that the draw replays exactly.
    /// </summary>
    private static string Sample(List<CandidateScore> scores, ReadOnlySpan<double> probabilities, double u)
    {
        for (var i = 0; i < scores.Count; i++)
        {
            u -= probabilities[i];
            if (u < 0)
            {
                return scores[i].MessageId;
            }
        }

        // A must-fill slot gives "send nothing" 0: a draw that rounding carries past the candidates takes the last one.
        return probabilities[^1] > 0 || scores.Count == 0 ? Decision.NoSendAction : scores[^1].MessageId;
    }

    private static string Reason(List<CandidateScore> scores, int greedy, string chosen, int triggerTier)
    {
        if (scores.Count == 0)
        {
            return DecisionReasons.NoEligibleCandidate;
        }

        var greedyKey = greedy < 0 ? Decision.NoSendAction : scores[greedy].MessageId;
        if (chosen != greedyKey)
        {
            return chosen == Decision.NoSendAction ? DecisionReasons.ExploredNoSend : DecisionReasons.Exploration;
        }

        if (greedy < 0)
        {
            return DecisionReasons.BelowThreshold;
        }

        return scores[greedy].Tier == triggerTier ? DecisionReasons.Triggered : DecisionReasons.BestExpectedValue;
    }
}
