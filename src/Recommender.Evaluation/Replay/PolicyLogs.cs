using Recommender.Core.Catalog;
using Recommender.Decisioning;
using Recommender.Evaluation.OffPolicy;

namespace Recommender.Evaluation.Replay;

/// <summary>Turns the replayed decisions into the bandit logs the estimators read, one per policy and metric, clustered by user.</summary>
internal static class PolicyLogs
{
    /// <summary>
    /// The log of a replayed policy: its whole distribution at every decision, with q̂ for every action, plus the logged
    /// action at probability 0 when the policy never takes it (doubly robust corrects q̂ only where the log has an outcome).
    /// </summary>
    public static BanditLog ForPolicy(IReadOnlyList<LoggedDecision> decisions, int policy, RewardMetric metric, MessageCatalog catalog)
    {
        var builder = new BanditLogBuilder();
        var target = new List<TargetAction>();
        foreach (var d in decisions)
        {
            var replay = d.Policies[policy];
            var loggedValue = catalog.Find(d.MessageId)!.Value;
            target.Clear();
            var hasLogged = false;
            foreach (var (action, probability) in replay.Decision.Distribution)
            {
                target.Add(new TargetAction(action, probability, metric.Model(Probabilities(replay, action, d, loggedValue))));
                hasLogged |= action == d.Action;
            }

            if (!hasLogged)
            {
                target.Add(new TargetAction(d.Action, 0, metric.Model(Probabilities(replay, d.Action, d, loggedValue))));
            }

            builder.Add(d.Action, d.Propensity, metric.Reward(d), target, d.UserId, replay.TimingRatio);
        }

        return builder.Build();
    }

    /// <summary>
    /// The logging policy evaluated on its own log: the target probability of each logged action is its logging
    /// propensity, every weight is 1, and IPS and SNIPS reduce to the mean observed reward. The log holds only the
    /// chosen action's probability, not the logging policy's whole distribution, so DM and DR cannot run on it.
    /// </summary>
    public static BanditLog ForLogging(IReadOnlyList<LoggedDecision> decisions, RewardMetric metric)
    {
        var builder = new BanditLogBuilder();
        foreach (var d in decisions)
        {
            builder.Add(d.Action, d.Propensity, metric.Reward(d), d.Propensity ?? 1, d.UserId);
        }

        return builder.Build();
    }

    private static ActionProbabilities Probabilities(PolicyReplay replay, string action, LoggedDecision d, double loggedValue)
    {
        if (action == Decision.NoSendAction)
        {
            return ActionProbabilities.NoSend(replay.Logged, loggedValue);
        }

        foreach (var s in replay.Decision.Scores)
        {
            if (s.MessageId == action)
            {
                return ActionProbabilities.Send(new CandidateProbabilities(s.PGoalSend, s.PGoalNoSend, s.PUnsubscribe), s.Value);
            }
        }

        // Only the logged message can be missing from the scores (a rule suppressed it); the replay scored it anyway.
        return ActionProbabilities.Send(replay.Logged, loggedValue);
    }
}
