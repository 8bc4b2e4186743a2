using Recommender.Core.Catalog;
using Recommender.Core.Randomness;
using Recommender.Decisioning.Rules;
using Recommender.Decisioning.Timing;

namespace Recommender.Decisioning;

/// <summary>
/// The decision rule over (message, instant, channel): every hard rule is checked as of each candidate instant of the
/// look-ahead and on each of the message's channels; a message's value at an instant and on a channel is its value
/// now times the user's arrival factor there, less the cost of waiting. Messages are arbitrated as before by their
/// best (instant, channel); exploration then spreads over the chosen message's eligible pairs.
/// </summary>
/// <remarks>
/// <para>The model scores each message once, at the decision instant: its features are the user's now, and nothing
/// the engine knows changes before the send. What changes with the instant and the channel is the rules' verdict
/// and the arrival factor, which costs no forest evaluation; that keeps a 24-slot, 3-channel decision within a few
/// times a "now only" one.</para>
/// <para>Propensities: <see cref="Decision.Propensity"/> and <see cref="Decision.Distribution"/> stay over messages
/// (the message draw is the first draw of the decision's generator, so it is the "now only" draw); the pair gets
/// ε / n (n the message's eligible pairs) and 1 − ε more for the best pair, from the generator's second draw, and
/// the logged joint propensity is their product, never zero for an eligible pair.</para>
/// </remarks>
public sealed partial class DecisionEngine
{
    /// <summary>
    /// The probability with which a look-ahead decision sends <paramref name="messageId"/> at <paramref name="sendAt"/>
    /// on <paramref name="channel"/>, given that it chose that message: what an off-policy evaluation of a policy over
    /// (message, instant, channel) needs for a logged send. 0 when the instant is not one of the look-ahead's slots, the
    /// message does not offer the channel, a rule removes the pair, or <paramref name="decision"/> found the message
    /// ineligible everywhere. Summed over every pair of an eligible message it is 1.
    /// </summary>
    /// <param name="request">The request <paramref name="decision"/> answered; its <see cref="DecisionRequest.SendTime"/> is required.</param>
    /// <exception cref="ArgumentException">The request has no send-time options.</exception>
    public double PairProbability(DecisionRequest request, Decision decision, string messageId, DateTime sendAt, string channel)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decision);
        var options = request.SendTime ?? throw new ArgumentException("The request decided \"now only\": it has no instants and channels to weigh.", nameof(request));
        options.Validate();
        var score = decision.Scores.FirstOrDefault(s => s.MessageId == messageId);
        var message = request.Catalog.Find(messageId);
        var slot = 0;
        while (slot < options.SlotCount && SlotAt(request.AsOf, options, slot) != sendAt)
        {
            slot++;
        }

        if (score is null || message is null || slot == options.SlotCount)
        {
            return 0;
        }

        var variants = ChannelVariants.Of(message);
        var v = Array.FindIndex(variants, x => x.Channel == channel);
        if (v < 0)
        {
            return 0;
        }

        var rules = SlotRulesFor(request, options, out _);
        var eligible = new bool[rules.Slots * variants.Length];
        var count = rules.Grid(message, variants, eligible);
        if (!eligible[slot * variants.Length + v])
        {
            return 0;
        }

        var share = count == 1 ? 0 : request.Catalog.Policy.ExplorationRate / count;
        var isBest = score.SendAt == sendAt && score.Channel == channel;
        return share + (isBest ? 1 - share * count : 0);
    }

    private Decision DecideAhead(DecisionRequest request, SendTimeOptions options)
    {
        options.Validate();
        var catalog = request.Catalog;
        var policy = catalog.Policy;
        var slotCount = options.SlotCount;
        var rules = SlotRulesFor(request, options, out var contexts);
        var arrivalProfile = Arrival.Profile(request.State, request.Profile, catalog, request.AsOf);
        var suppressed = new List<Suppression>();
        var triggerTier = TriggerTier(catalog);
        var eligible = new List<MessageDefinition>();
        var reach = new List<SlotReach>();

        // One grid of (slot, channel) verdicts, reused message after message.
        var widest = 1;
        foreach (var m in catalog.Messages)
        {
            widest = Math.Max(widest, ChannelVariants.Of(m).Length);
        }

        var scratch = new bool[slotCount * widest];
        foreach (var message in request.Candidates is null ? catalog.Messages : Requested(request, suppressed))
        {
            var found = Reach(rules, arrivalProfile, options, message, scratch);
            if (found.Count == 0)
            {
                // Removed at every instant on every channel: the rule reported is the one that applies now.
                suppressed.Add(HardRules.Check(contexts[0], message)
                    ?? new Suppression(message.Id, RuleIds.ChannelMismatch, "no offered channel is eligible at any instant of the look-ahead"));
            }
            else
            {
                eligible.Add(message);
                reach.Add(found);
            }
        }

        var messages = eligible.ToArray();
        var probabilities = new CandidateProbabilities[messages.Length];
        scorer.ScoreAll(request.State, request.Profile, messages, request.AsOf, probabilities);
        var scores = new List<CandidateScore>(messages.Length);
        var best = new SlotChoice[messages.Length];
        var mustFill = !policy.AllowNoSend;
        for (var i = 0; i < messages.Length; i++)
        {
            var (message, p) = (messages[i], probabilities[i]);
            var uplift = scorer.EstimatesNoSend && !mustFill ? p.PGoalSend - p.PGoalNoSend : p.PGoalSend;

            // A positive value is best where the user is most responsive, a negative one (a backfiring message)
            // where least: the search kept both ends.
            best[i] = uplift * message.Value >= 0 ? reach[i].Highest : reach[i].Lowest;
            var ev = uplift * message.Value * best[i].Factor - policy.FatigueWeight * p.PUnsubscribe * policy.UnsubscribeCost;
            var tier = message.Trigger is null ? message.Priority : triggerTier;
            scores.Add(new CandidateScore(message.Id, tier, p.PGoalSend, p.PGoalNoSend, uplift, p.PUnsubscribe, message.Value, ev)
            {
                SendAt = SlotAt(request.AsOf, options, best[i].Slot),
                Channel = best[i].Channel,
                ArrivalFactor = best[i].Factor,
            });
        }

        var greedy = Greedy(scores, mustFill ? double.NegativeInfinity : policy.MinExpectedValue);
        var actions = new double[scores.Count + 1];
        ActionProbabilities(greedy, policy.ExplorationRate, actions, noSend: !mustFill || scores.Count == 0);
        var distribution = Distribution(scores, actions);
        var random = DeterministicRandom.For(explorationSeed, request.DecisionId);
        var chosen = Sample(scores, actions, random.NextDouble());
        var reason = Reason(scores, greedy, chosen, triggerTier);
        var decision = new Decision
        {
            DecisionId = request.DecisionId,
            UserId = request.UserId,
            AsOf = request.AsOf,
            MessageId = chosen == Decision.NoSendAction ? null : chosen,
            Reason = reason,
            Propensity = distribution[chosen],
            Distribution = distribution,
            ModelVersion = scorer.Version,
            Scores = scores,
            Suppressed = suppressed,
        };
        if (chosen == Decision.NoSendAction)
        {
            return decision;
        }

        var index = scores.FindIndex(s => s.MessageId == chosen);
        var (slot, channel, propensity) = DrawPair(rules, messages[index], reach[index].Count, best[index], policy.ExplorationRate, random.NextDouble(), scratch);
        var explored = slot != best[index].Slot || channel != best[index].Channel;
        return decision with
        {
            SendAt = SlotAt(request.AsOf, options, slot),
            Channel = channel,
            SendTimePropensity = propensity,
            SendTimeChoices = reach[index].Count,
            Reason = explored && reason is DecisionReasons.BestExpectedValue or DecisionReasons.Triggered ? DecisionReasons.ExploredSendTime : reason,
        };
    }

    /// <summary>The rules as of each slot of the look-ahead; <paramref name="contexts"/>[0] is the decision's own instant.</summary>
    private static SlotRules SlotRulesFor(DecisionRequest request, SendTimeOptions options, out RuleContext[] contexts)
    {
        var slotCount = options.SlotCount;
        contexts = new RuleContext[slotCount];
        var now = contexts[0] = new RuleContext(request.State, request.Profile, request.Catalog, request.AsOf, request.Channel, request.UserId);

        // One offset for every slot when the user's zone has the same offset at both ends of the look-ahead (at most
        // a week, and no zone changes its offset twice within a week): a time zone conversion per slot costs more
        // than the rest of the slot's context.
        var offset = slotCount > 1 && now.UtcOffsetAt(request.AsOf) is var first
            && now.UtcOffsetAt(SlotAt(request.AsOf, options, slotCount - 1)) == first ? first : (TimeSpan?)null;
        for (var k = 1; k < slotCount; k++)
        {
            // A state with nothing ahead of the decision (the usual case) changes with time alone: the later contexts
            // recompute only the windows. Otherwise each slot is a context of its own, events and all.
            var instant = SlotAt(request.AsOf, options, k);
            contexts[k] = now.HoldsNothingAhead
                ? now.Later(instant, offset, previous: contexts[k - 1])
                : new RuleContext(request.State, request.Profile, request.Catalog, instant, request.Channel, request.UserId);
        }

        return new SlotRules(contexts);
    }

    private static DateTime SlotAt(DateTime asOf, SendTimeOptions options, int slot) =>
        asOf.AddTicks((long)(slot * options.SlotHours * TimeSpan.TicksPerHour));

    /// <summary>
    /// Walks every (instant, channel) of <paramref name="message"/> in a fixed order (instants first, the message's own
    /// channel first) and keeps the eligible pairs, their count and the pairs of highest and lowest arrival factor (the
    /// earliest on a tie, so that with no difference between hours the send goes now, on the message's own channel).
    /// </summary>
    private static SlotReach Reach(SlotRules rules, ArrivalProfile arrival, SendTimeOptions options, MessageDefinition message, bool[] scratch)
    {
        var variants = ChannelVariants.Of(message);
        var eligible = scratch.AsSpan(0, rules.Slots * variants.Length);
        var reach = new SlotReach();
        if (rules.Grid(message, variants, eligible) == 0)
        {
            return reach;
        }

        // Each variant's channel rate once, not once per slot.
        Span<double> rates = stackalloc double[variants.Length];
        var ownRate = arrival.ChannelRate(message.Channel);
        for (var v = 0; v < variants.Length; v++)
        {
            rates[v] = variants[v].Channel == message.Channel ? ownRate : arrival.ChannelRate(variants[v].Channel);
        }

        for (var k = 0; k < rules.Slots; k++)
        {
            var wait = Math.Max(0, 1 - options.DelayCostPerHour * k * options.SlotHours);
            for (var v = 0; v < variants.Length; v++)
            {
                if (!eligible[k * variants.Length + v])
                {
                    continue;
                }

                var channel = variants[v].Channel;
                var factor = arrival.Factor(rules[k].LocalHour, channel == message.Channel, rates[v], ownRate) * wait;
                var choice = new SlotChoice(k, channel, factor);
                if (reach.Count++ == 0)
                {
                    reach.Highest = reach.Lowest = choice;
                }
                else if (factor > reach.Highest.Factor)
                {
                    reach.Highest = choice;
                }
                else if (factor < reach.Lowest.Factor)
                {
                    reach.Lowest = choice;
                }
            }
        }

        return reach;
    }

    /// <summary>
    /// The chosen message's (instant, channel): with probability ε a uniform draw over its <paramref name="count"/>
    /// eligible pairs (its grid found again, in the order of <see cref="Reach"/>), else <paramref name="best"/>; and
    /// the pair's probability.
    /// </summary>
    private static (int Slot, string Channel, double Propensity) DrawPair(
        SlotRules rules, MessageDefinition message, int count, SlotChoice best, double exploration, double u, bool[] scratch)
    {
        var share = count == 1 ? 0 : exploration / count;
        var pick = (Slot: best.Slot, Channel: best.Channel);
        if (u < share * count)
        {
            var target = Math.Min(count - 1, (int)(u / share));
            var variants = ChannelVariants.Of(message);
            var eligible = scratch.AsSpan(0, rules.Slots * variants.Length);
            rules.Grid(message, variants, eligible);
            for (int i = 0, seen = 0; i < eligible.Length; i++)
            {
                if (eligible[i] && seen++ == target)
                {
                    pick = (i / variants.Length, variants[i % variants.Length].Channel);
                    break;
                }
            }
        }

        var isBest = pick.Slot == best.Slot && pick.Channel == best.Channel;
        return (pick.Slot, pick.Channel, share + (isBest ? 1 - share * count : 0));
    }

    private readonly record struct SlotChoice(int Slot, string Channel, double Factor);

    private struct SlotReach
    {
        public int Count;
        public SlotChoice Highest;
        public SlotChoice Lowest;
    }
}
