using System.Globalization;
using System.Text;
using Recommender.Models.Metrics;

namespace Recommender.Evaluation.Report;

/// <summary>
/// <c>summary.md</c>: the headline numbers for a pull request or a chat message; report.html has the rest. Every text
/// that is not this class's own goes through <see cref="MarkdownText"/>.
/// </summary>
internal static class SummaryReport
{
    public static string Render(EvaluationReport report)
    {
        var md = new StringBuilder();
        md.AppendLine("# Evaluation summary").AppendLine();
        md.AppendLine(Invariant($"Data `{report.Reproducibility.DataFingerprint}`, configuration `{report.Reproducibility.ConfigurationHash}`, seed {report.Reproducibility.Seed}.")).AppendLine();
        foreach (var notice in report.Notices)
        {
            md.AppendLine($"> **Note ({notice.Code}):** {MarkdownText.Inline(notice.Message)}").AppendLine();
        }

        if (report.Verdict is { } verdict)
        {
            md.AppendLine("**" + MarkdownText.Inline(verdict.Text) + "** " + MarkdownText.Inline(verdict.Why)).AppendLine();
        }

        md.AppendLine("## Models (validation window)").AppendLine();
        md.AppendLine("| bundle | model | rows | AUC | PR-AUC | log-loss | Brier | ECE |").AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        Row(md, "candidate", "propensity", report.Models.Propensity);
        Row(md, "candidate", "fatigue", report.Models.Fatigue);
        if (report.BaselineModels is { } b)
        {
            Row(md, "baseline", "propensity", b.Propensity);
            Row(md, "baseline", "fatigue", b.Fatigue);
        }

        md.AppendLine().AppendLine(Invariant($"## Policy value ({report.OpeSetup.Decisions:N0} logged decisions, {report.OpeSetup.Users:N0} users)")).AppendLine();
        md.AppendLine("| policy | estimator | metric | value | 95% interval | ESS |").AppendLine("| --- | --- | --- | ---: | --- | ---: |");
        foreach (var r in report.Ope)
        {
            md.AppendLine(Invariant($"| {MarkdownText.Inline(r.Policy)} | {MarkdownText.Inline(r.Estimator)} | {MarkdownText.Inline(r.Metric)} | {r.Value:G4} | {r.CiLow:G4} to {r.CiHigh:G4} | {r.Ess:N0} |"));
        }

        var warnings = report.Ope.SelectMany(r => r.Warnings.Select(w => "- " + MarkdownText.Inline($"{r.Policy} {r.Estimator} {r.Metric}: {w.Message}"))).Distinct().ToArray();
        if (warnings.Length > 0)
        {
            md.AppendLine().AppendLine("Warnings:").AppendLine();
            foreach (var w in warnings)
            {
                md.AppendLine(w);
            }
        }

        if (report.ChampionChallenger is { } cc)
        {
            var h = cc.Headline;
            md.AppendLine().AppendLine("## Champion / challenger").AppendLine();
            md.AppendLine(Invariant($"Candidate vs baseline on value (doubly robust, paired bootstrap over users): **{h.Verdict.Replace('_', ' ')}** (difference {h.Difference:G4}, 95% interval {h.CiLow:G4} to {h.CiHigh:G4})."));
        }

        md.AppendLine().AppendLine("## Suppressions (candidate)").AppendLine();
        md.AppendLine("| rule | candidates removed |").AppendLine("| --- | ---: |");
        foreach (var (rule, count) in report.Suppressions)
        {
            md.AppendLine(Invariant($"| {MarkdownText.Inline(rule)} | {count:N0} |"));
        }

        return md.ToString();
    }

    private static void Row(StringBuilder md, string bundle, string model, ModelMetrics m) =>
        md.AppendLine(Invariant($"| {bundle} | {model} | {m.Rows:N0} | {F(m.Auc)} | {F(m.PrAuc)} | {F(m.LogLoss)} | {F(m.Brier)} | {F(m.Ece)} |"));

    private static string F(double? value) => value?.ToString("F4", CultureInfo.InvariantCulture) ?? "–";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
