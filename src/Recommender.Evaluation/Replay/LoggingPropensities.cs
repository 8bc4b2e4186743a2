using Recommender.Decisioning;

namespace Recommender.Evaluation.Replay;

/// <summary>
/// Fills the logging propensities a log does not carry, so that off-policy estimates can still be made (and are marked
/// as resting on an estimate). The estimate is a model of the logging policy that knows eligibility but not context:
/// each action's rate of being chosen where it was eligible (eligible = among the candidates the first replayed
/// policy's hard rules let through, or the logged action itself), normalised over the actions eligible at the decision.
/// "Send nothing" counts as an action only if the log has chosen it at least once.
/// </summary>
internal static class LoggingPropensities
{
    /// <summary>How the decisions' propensities were obtained: <c>logged</c>, <c>estimated</c> or <c>partly_estimated</c>.</summary>
    public const string Logged = "logged";
    public const string Estimated = "estimated";
    public const string PartlyEstimated = "partly_estimated";

    /// <summary>The decisions with every missing propensity estimated, and which of the three kinds the result is.</summary>
    public static (IReadOnlyList<LoggedDecision> Decisions, string Kind, int EstimatedCount) Complete(IReadOnlyList<LoggedDecision> decisions)
    {
        var missing = decisions.Count(d => d.Propensity is null);
        if (missing == 0)
        {
            return (decisions, Logged, 0);
        }

        var chosen = new Dictionary<string, long>(StringComparer.Ordinal);
        var eligible = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var d in decisions)
        {
            chosen[d.Action] = chosen.GetValueOrDefault(d.Action) + 1;
            foreach (var action in Eligible(d))
            {
                eligible[action] = eligible.GetValueOrDefault(action) + 1;
            }
        }

        var noSendChosen = chosen.ContainsKey(Decision.NoSendAction);
        double Rate(string action) => eligible.TryGetValue(action, out var e) && e > 0 ? chosen.GetValueOrDefault(action) / (double)e : 0;
        var completed = new List<LoggedDecision>(decisions.Count);
        foreach (var d in decisions)
        {
            if (d.Propensity is not null)
            {
                completed.Add(d);
                continue;
            }

            var total = 0.0;
            foreach (var action in Eligible(d))
            {
                total += action == Decision.NoSendAction && !noSendChosen ? 0 : Rate(action);
            }

            // The logged action was chosen, so its rate and the total are positive.
            completed.Add(d with { Propensity = Math.Min(1, Rate(d.Action) / total) });
        }

        return (completed, missing == decisions.Count ? Estimated : PartlyEstimated, missing);
    }

    private static IEnumerable<string> Eligible(LoggedDecision d)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { d.Action, Decision.NoSendAction };
        yield return d.Action;
        if (d.Action != Decision.NoSendAction)
        {
            yield return Decision.NoSendAction;
        }

        if (d.Policies.Length == 0)
        {
            yield break;
        }

        foreach (var s in d.Policies[0].Decision.Scores)
        {
            if (seen.Add(s.MessageId))
            {
                yield return s.MessageId;
            }
        }
    }
}
