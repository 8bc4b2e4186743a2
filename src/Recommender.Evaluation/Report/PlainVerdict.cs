using System.Globalization;
using Recommender.Evaluation.OffPolicy;
using Recommender.Evaluation.Replay;

namespace Recommender.Evaluation.Report;

/// <summary>
/// The report's first words: is the candidate better than what runs now, by how much value and how many unsubscribes
/// per 1,000 users, with what confidence, and which estimator to trust here and why. The tables below hold the rest.
/// </summary>
/// <param name="Against">What the candidate is compared with: the baseline bundle, or the logging policy (what ran).</param>
/// <param name="ValuePer1000">Value the candidate adds per 1,000 users over the period, and its 95 % interval.</param>
/// <param name="UnsubscribesPer1000">Unsubscribes (and complaints) it adds per 1,000 users, and its 95 % interval.</param>
internal sealed record PlainVerdict(
    string Text,
    string Against,
    string Estimator,
    double ValuePer1000,
    double ValueCiLow,
    double ValueCiHigh,
    double UnsubscribesPer1000,
    double UnsubscribesCiLow,
    double UnsubscribesCiHigh,
    string Why)
{
    /// <summary>
    /// From the candidate's estimates against the baseline's (paired, when there is one) or against the logging policy's
    /// observed mean; null when there is no off-policy estimate to speak from.
    /// </summary>
    public static PlainVerdict? Of(EvaluationReport report)
    {
        var setup = report.OpeSetup;
        if (report.Ope.Count == 0 || setup.Users == 0)
        {
            return null;
        }

        // Estimates are per logged decision; an analyst thinks per user: decisions per user over the period, times 1,000.
        var scale = 1_000.0 * setup.Decisions / setup.Users;
        var dr = (string metric) => report.Ope.Single(r => r.Policy == EvaluationJob.Candidate && r.Estimator == "dr" && r.Metric == metric);
        var logging = (string metric) => report.Ope.Single(r => r.Policy == EvaluationJob.Logging && r.Estimator == "snips" && r.Metric == metric).Value;
        double value, valueLow, valueHigh, unsub, unsubLow, unsubHigh;
        string against;
        if (report.ChampionChallenger is { } cc)
        {
            var v = cc.Comparisons.Single(r => r.Estimator == "dr" && r.Metric == RewardMetric.Value.Name);
            var u = cc.Comparisons.Single(r => r.Estimator == "dr" && r.Metric == RewardMetric.Unsubscribes.Name);
            (value, valueLow, valueHigh) = (v.Difference, v.CiLow, v.CiHigh);
            (unsub, unsubLow, unsubHigh) = (u.Difference, u.CiLow, u.CiHigh);
            against = "the baseline bundle";
        }
        else
        {
            var v = dr(RewardMetric.Value.Name);
            var u = dr(RewardMetric.Unsubscribes.Name);
            var (lv, lu) = (logging(RewardMetric.Value.Name), logging(RewardMetric.Unsubscribes.Name));
            (value, valueLow, valueHigh) = (v.Value - lv, v.CiLow - lv, v.CiHigh - lv);
            (unsub, unsubLow, unsubHigh) = (u.Value - lu, u.CiLow - lu, u.CiHigh - lu);
            against = "the logging policy (what ran)";
        }

        var word = valueLow > 0 ? "better than" : valueHigh < 0 ? "worse than" : "not distinguishable from";
        var text = (
            $"On value, the candidate is {word} {against} at 95 %: {Signed(value * scale)} value per 1,000 users " +
            $"(95 % {Signed(valueLow * scale)} to {Signed(valueHigh * scale)}), with {Signed(unsub * scale)} unsubscribes per 1,000 users " +
            $"(95 % {Signed(unsubLow * scale)} to {Signed(unsubHigh * scale)}), over {N0(setup.Decisions)} logged decisions of {N0(setup.Users)} users.");
        var candidateValue = dr(RewardMetric.Value.Name);
        var why =
            "Doubly robust: unbiased when the logging propensities are right, whatever the reward model, and with less variance than IPS " +
            $"(effective sample size {N0(candidateValue.Ess)} of {N0(candidateValue.Decisions)} decisions)." +
            (setup.LoggingPropensities == LoggingPropensities.Logged
                ? " The propensities are the log's own."
                : " The propensities are estimated here (see the notes above): DR then leans on the reward model where the estimate is off; read IPS and DM beside it.") +
            (Unsupported(report).Any()
                ? " Here it rests in part on the reward model alone: see the note verdict_unsupported_actions above."
                : candidateValue.Warnings.Count > 0 ? " Its warnings are listed under Policy value." : string.Empty);
        return new PlainVerdict(
            text, against, "dr", value * scale, valueLow * scale, valueHigh * scale, unsub * scale, unsubLow * scale, unsubHigh * scale, why);
    }

    /// <summary>
    /// The compared policies' value estimates that put probability on actions the log never shows (a log without
    /// exploration, or one that never sent): doubly robust is the reward model's guess there, and its interval does not
    /// cover that guess's error. The job states them as a notice, so the verdict is not read without them; a log that
    /// never sent had "better at 95 %" with the caveat only under Policy value.
    /// </summary>
    public static IEnumerable<string> Unsupported(EvaluationReport report) =>
        new[] { EvaluationJob.Candidate, EvaluationJob.Baseline }
            .Select(policy => report.Ope.SingleOrDefault(r => r.Policy == policy && r.Estimator == "dr" && r.Metric == RewardMetric.Value.Name))
            .SelectMany(r => r is null ? [] : r.Warnings.Where(w => w.Code == OffPolicyWarning.UnsupportedActions).Select(w => $"{r.Policy}: {w.Message}"));

    private static string Signed(double x) => x.ToString("+#,0.0;-#,0.0;0.0", CultureInfo.InvariantCulture);

    private static string N0(double x) => x.ToString("N0", CultureInfo.InvariantCulture);
}
