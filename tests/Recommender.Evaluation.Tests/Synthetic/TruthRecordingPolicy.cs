using System.Collections.Concurrent;
using Recommender.Core.Catalog;
using Recommender.Decisioning;
using Recommender.Simulation;

namespace Recommender.Evaluation.Tests.Synthetic;

/// <summary>
/// Lets the world's logging policy decide, unchanged, and records at each decision point the whole logging
/// distribution, the target's, and the world's true expected reward of every action, keyed by decision id.
/// </summary>
/// <remarks>
/// The logging policy picks a message m with probability w_m, then holds it out with probability c (a logged
/// no-send whose outcome is m's goal without a send). So π0(send m) = (1 − c) w_m, π0(no-send) = c, and the true
/// reward of no-send is Σ_m w_m · value_m · P(goal_m | no send): the held-out message is the logger's draw whatever
/// policy chose "no-send", which is what makes the action's reward well defined for the target too.
/// </remarks>
internal sealed class TruthRecordingPolicy(LoggingPolicy inner, WorldOptions options, ConcurrentDictionary<string, DecisionTruth> truths) : ISendPolicy
{
    public PolicyDecision Decide(DecisionContext context)
    {
        var (eligible, weights) = inner.Choices(context);
        if (eligible.Count > 0)
        {
            truths[context.DecisionId] = Truth(context, eligible, weights);
        }

        return inner.Decide(context);
    }

    private DecisionTruth Truth(DecisionContext context, List<MessageDefinition> eligible, double[] weights)
    {
        var n = eligible.Count + 1;
        var actions = new string[n];
        var logging = new double[n];
        var value = new double[n];
        var goal = new double[n];
        double noSendValue = 0, noSendGoal = 0;
        for (var a = 0; a < eligible.Count; a++)
        {
            var m = eligible[a];
            actions[a] = m.Id;
            logging[a] = (1 - options.ControlRate) * weights[a];
            goal[a] = context.TrueGoalProbability(m, send: true);
            value[a] = m.Value * goal[a];
            var organic = context.TrueGoalProbability(m, send: false);
            noSendGoal += weights[a] * organic;
            noSendValue += weights[a] * m.Value * organic;
        }

        actions[^1] = Decision.NoSendAction;
        logging[^1] = options.ControlRate;
        value[^1] = noSendValue;
        goal[^1] = noSendGoal;
        return new DecisionTruth(actions, logging, SyntheticTarget.Distribution(eligible), value, goal);
    }
}
