using Recommender.Core.Catalog;
using Recommender.Core.Randomness;

namespace Recommender.Simulation;

/// <summary>
/// The "existing system" whose log we learn from: a rule-of-thumb campaign tool. It respects opt-outs,
/// cooldowns, max sends, eligibility and reached one-shot goals, favours higher priorities, explores
/// uniformly part of the time and holds out a control share. It knows nothing of caps, fatigue or support
/// situations, so its log shows their damage. Every choice is logged with its exact probability.
/// </summary>
internal sealed class LoggingPolicy(WorldOptions options, DeterministicRandom rng) : ISendPolicy
{
    private const double MinGapHours = 20;

    public PolicyDecision Decide(DecisionContext context)
    {
        var (eligible, weights) = Choices(context);
        if (eligible.Count == 0)
        {
            return PolicyDecision.None;
        }

        var chosen = rng.Choose(weights);
        return rng.Bernoulli(options.ControlRate)
            ? PolicyDecision.HoldOut(eligible[chosen].Id, options.ControlRate)
            : PolicyDecision.Send(eligible[chosen].Id, (1 - options.ControlRate) * weights[chosen]);
    }

    /// <summary>
    /// The messages this decision chooses among and the probability of choosing each (summing to one), before the
    /// control draw holds the choice out with probability <see cref="WorldOptions.ControlRate"/>. Draws nothing, so
    /// off-policy evaluation tests can read the whole logging distribution at a decision point without changing the log.
    /// </summary>
    internal (List<MessageDefinition> Eligible, double[] Weights) Choices(DecisionContext context)
    {
        var eligible = new List<MessageDefinition>();
        foreach (var m in context.Catalog.Messages)
        {
            // A triggered decision considers only its message; daily decisions never consider triggered messages.
            var considered = context.TriggeredMessage is { } triggered ? ReferenceEquals(triggered, m) : m.Trigger is null;
            if (!considered)
            {
                continue;
            }

            if (IsEligible(context.State, m, context.Now))
            {
                eligible.Add(m);
            }
        }

        var weights = new double[eligible.Count];
        var softmaxTotal = 0.0;
        for (var i = 0; i < eligible.Count; i++)
        {
            weights[i] = Math.Exp(eligible[i].Priority);
            softmaxTotal += weights[i];
        }

        for (var i = 0; i < eligible.Count; i++)
        {
            weights[i] = (1 - options.LoggingExploration) * weights[i] / softmaxTotal + options.LoggingExploration / eligible.Count;
        }

        return (eligible, weights);
    }

    private static bool IsEligible(UserWorldState s, MessageDefinition m, DateTime now)
    {
        if (s.IsUnsubscribedFrom(m.Category) || (s.Complained && m.Category != MessageCategory.Transactional))
        {
            return false;
        }

        if (m.MaxSends is { } max && s.SendsOf(m.Id) >= max)
        {
            return false;
        }

        if (s.LastSendOf(m.Id) is { } last && (now - last).TotalHours < m.CooldownHours)
        {
            return false;
        }

        if (m.Category != MessageCategory.Transactional && s.LastSendAt is { } any && (now - any).TotalHours < MinGapHours)
        {
            return false;
        }

        if (ProductEvents.OneShot.Contains(m.GoalEvent) && s.HasDone(m.GoalEvent))
        {
            return false;
        }

        var profile = s.User.Profile;
        var e = m.Eligibility;
        if (e.Plans.Count > 0 && !e.Plans.Contains(profile.Plan))
        {
            return false;
        }

        var size = profile.CompanySize ?? 0;
        if ((e.MinCompanySize is { } min && size < min) || (e.MaxCompanySize is { } maxSize && size > maxSize))
        {
            return false;
        }

        foreach (var required in e.RequiredEvents)
        {
            if (!s.HasDone(required))
            {
                return false;
            }
        }

        foreach (var excluded in e.ExcludedEvents)
        {
            if (s.HasDone(excluded))
            {
                return false;
            }
        }

        return true;
    }
}
