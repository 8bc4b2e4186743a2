using Recommender.Decisioning;

namespace Recommender.Evaluation.Replay;

/// <summary>
/// What the hard rules did to a policy at the logged decision points: candidates removed per rule id, decisions left
/// with no eligible message, the sends it chose, how those spread over users and weeks, and the unsubscribes its own
/// fatigue model predicts for them.
/// </summary>
/// <param name="Policy">The policy's name in the report.</param>
/// <param name="ByRule">Candidates removed per rule id, in rule-id order.</param>
/// <param name="NoEligibleMessage">Decisions at which every message was suppressed (only "send nothing" was left).</param>
/// <param name="PredictedUnsubscribes">Σ P(unsubscribe | send) over the chosen sends, by the policy's bundle; null for the logging policy.</param>
/// <param name="SendsPerUserWeek">How many user-weeks had 0, 1, …, 6 and 7 or more sends (the last bin's label is "7+").</param>
internal sealed record SuppressionAnalysis(
    string Policy,
    long Decisions,
    long Sends,
    IReadOnlyDictionary<string, long> ByRule,
    long? NoEligibleMessage,
    double? PredictedUnsubscribes,
    IReadOnlyList<WeekBin> SendsPerUserWeek,
    double MeanSendsPerUserWeek,
    long UserWeeks)
{
    private const int TopBin = 7;

    /// <summary>The replayed policy's own choices (the exploration draw included) at every logged decision.</summary>
    public static SuppressionAnalysis ForPolicy(string name, IReadOnlyList<LoggedDecision> decisions, int policy, EvaluationPeriod period)
    {
        var byRule = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long noEligible = 0, sends = 0;
        var unsubscribes = 0.0;
        foreach (var d in decisions)
        {
            var decision = d.Policies[policy].Decision;
            foreach (var s in decision.Suppressed)
            {
                byRule[s.Rule] = byRule.GetValueOrDefault(s.Rule) + 1;
            }

            noEligible += decision.Scores.Count == 0 ? 1 : 0;
            if (decision.MessageId is { } chosen)
            {
                sends++;
                unsubscribes += decision.Scores.First(s => s.MessageId == chosen).PUnsubscribe;
            }
        }

        var (bins, mean, userWeeks) = PerUserWeek(decisions, d => d.Policies[policy].Decision.MessageId is not null, period);
        return new SuppressionAnalysis(name, decisions.Count, sends, byRule, noEligible, unsubscribes, bins, mean, userWeeks);
    }

    /// <summary>The logging policy's actual sends; it logged no suppressions or predictions.</summary>
    public static SuppressionAnalysis ForLogging(string name, IReadOnlyList<LoggedDecision> decisions, EvaluationPeriod period)
    {
        var sent = decisions.Count(d => d.Action != Decision.NoSendAction);
        var (bins, mean, userWeeks) = PerUserWeek(decisions, d => d.Action != Decision.NoSendAction, period);
        return new SuppressionAnalysis(name, decisions.Count, sent, new SortedDictionary<string, long>(StringComparer.Ordinal), null, null, bins, mean, userWeeks);
    }

    /// <summary>
    /// Sends per (user, week of the period) over every user with a logged decision in the period and every week of it,
    /// so that quiet weeks count as zero instead of vanishing.
    /// </summary>
    private static (IReadOnlyList<WeekBin> Bins, double Mean, long UserWeeks) PerUserWeek(
        IReadOnlyList<LoggedDecision> decisions, Func<LoggedDecision, bool> sends, EvaluationPeriod period)
    {
        var counts = new Dictionary<(string User, int Week), int>();
        var users = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in decisions)
        {
            users.Add(d.UserId);
            if (sends(d))
            {
                var key = (d.UserId, period.Week(d.At));
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        var userWeeks = (long)users.Count * period.Weeks;
        var histogram = new long[TopBin + 1];
        long total = 0;
        foreach (var count in counts.Values)
        {
            histogram[Math.Min(count, TopBin)]++;
            total += count;
        }

        histogram[0] = userWeeks - counts.Count;
        var bins = Enumerable.Range(0, TopBin + 1)
            .Select(b => new WeekBin(b == TopBin ? $"{TopBin}+" : b.ToString(System.Globalization.CultureInfo.InvariantCulture), histogram[b]))
            .ToArray();
        return (bins, userWeeks == 0 ? 0 : (double)total / userWeeks, userWeeks);
    }
}

/// <summary>User-weeks with this many sends.</summary>
internal sealed record WeekBin(string Sends, long UserWeeks);
