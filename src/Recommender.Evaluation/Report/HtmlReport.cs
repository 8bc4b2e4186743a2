using System.Globalization;
using System.Text.Json;
using Recommender.Core;
using Recommender.Evaluation.Replay;
using Recommender.Models.Metrics;

namespace Recommender.Evaluation.Report;

/// <summary>
/// <c>report.html</c>: one self-contained page (inline CSS and SVG; no script, no external file or font) that reads
/// offline and prints. Sections have ids (<c>model-quality</c>, <c>policy-value</c>, <c>suppressions</c>,
/// <c>champion-challenger</c>, <c>reproducibility</c>) and every number carries its report.json pointer.
/// </summary>
internal static class HtmlReport
{
    public static readonly string[] SectionIds = ["verdict", "model-quality", "segments", "policy-value", "incrementality", "suppressions", "champion-challenger", "reproducibility"];

    internal const string Style = """
        body { font-family: "DejaVu Sans", sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; line-height: 1.4; }
        h1 { font-size: 1.6rem; } h2 { border-bottom: 2px solid #ccc; padding-bottom: .2rem; margin-top: 2.5rem; } h3 { margin-top: 1.6rem; }
        table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .85rem; }
        th, td { border: 1px solid #ccc; padding: .2rem .5rem; text-align: left; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        th { background: #f2f2f2; }
        figure.chart { display: inline-block; margin: .5rem 1rem .5rem 0; vertical-align: top; }
        figure.chart svg { max-width: 100%; height: auto; }
        figcaption { font-size: .8rem; color: #555; max-width: 520px; }
        .warning { background: #fff4e5; border-left: 4px solid #e69500; padding: .4rem .7rem; margin: .4rem 0; font-size: .85rem; }
        .verdict { font-size: 1.2rem; font-weight: bold; padding: .6rem .9rem; border: 2px solid #444; display: inline-block; }
        .note { color: #555; font-size: .85rem; }
        pre { background: #f7f7f7; padding: .6rem; overflow-x: auto; font-size: .75rem; white-space: pre-wrap; }
        @media print { body { margin: 0; max-width: none; } section { break-before: page; } figure.chart { break-inside: avoid; } details > pre { display: block; } }
        """;

    public static string Render(EvaluationReport report)
    {
        var h = new HtmlWriter();
        h.Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Evaluation report</title>\n<style>\n")
            .Raw(Style).Raw("</style>\n</head>\n<body>\n");
        h.Element("h1", "Offline evaluation report");
        h.Raw("<p class=\"note\">").Text(
            $"Data {report.Reproducibility.DataFingerprint}; model trained {report.Reproducibility.Model.CreatedAt:yyyy-MM-dd HH:mm} UTC " +
            $"on {report.Reproducibility.Model.TrainingWindow.DataStart:yyyy-MM-dd} to {report.Reproducibility.Model.TrainingWindow.ValidationFrom:yyyy-MM-dd}. " +
            "Every number on this page is also in report.json.").Raw("</p>\n");
        foreach (var notice in report.Notices)
        {
            h.Raw("<p class=\"warning\" data-notice=\"").Text(notice.Code).Raw("\"><b>Note: </b>").Text(notice.Message).Raw("</p>\n");
        }

        VerdictSection(h, report);
        ModelQualitySection.Write(h, report);
        SegmentsSection(h, report);
        PolicyValue(h, report);
        IncrementalitySection(h, report);
        Suppressions(h, report);
        ChampionChallengerSection(h, report);
        ReproducibilitySection(h, report);
        h.Raw("</body>\n</html>\n");
        return h.ToString();
    }

    private static void PolicyValue(HtmlWriter h, EvaluationReport report)
    {
        var s = report.OpeSetup;
        h.Raw("<section id=\"policy-value\">\n").Element("h2", "2. Policy value off-policy");
        h.Raw("<p>").Text($"Logged decisions from {s.PeriodFrom:yyyy-MM-dd HH:mm} to {s.PeriodUntil:yyyy-MM-dd HH:mm} UTC (the validation window, up to the longest outcome window before the end of the log): ")
            .Number("/ope_setup/decisions", s.Decisions, "N0", "span").Text(" decisions of ").Number("/ope_setup/users", s.Users, "N0", "span")
            .Text(" users. The bootstrap resamples whole users.").Raw("</p>\n");
        h.Raw("<p>").Text("Reward: " + s.Reward + ". ").Raw("</p>\n");
        h.Raw("<p>").Text("Logging propensities: " + s.LoggingPropensities.Replace('_', ' ') + ".").Raw("</p>\n");
        h.Raw("<p>").Text(s.LookAheadHours is { } hours
            ? $"The replayed policies chose the instant (hourly, {hours:0.##} h ahead) and the channel as well as the message; each logged send is weighed by their probability of its instant and channel over the logging policy's."
            : "The replayed policies chose the message, sent at the logged instant (\"now only\").").Raw("</p>\n");
        if (report.Ope.Count == 0)
        {
            h.Raw("<p class=\"warning\">").Text("No off-policy estimate: see the note at the top of the page.").Raw("</p>\n");
        }
        h.Raw("<ul>");
        foreach (var p in s.Policies)
        {
            h.Raw("<li><b>").Text(p.Name).Raw("</b>: ").Text(p.Description).Raw("</li>");
        }

        h.Raw("</ul>\n<p class=\"note\">").Text(
            "IPS and SNIPS weight the logged outcomes by π/π0; DM asks the bundle's calibrated models (value × P(goal | send or no send), P(unsubscribe | send)); " +
            "DR corrects DM with the weighted residuals. The logging policy's DM and DR are not shown: the log holds only the chosen action's probability, not its whole distribution.")
            .Raw("</p>\n");
        if (s.UnknownMessages > 0 || s.WithoutDecisionId > 0)
        {
            h.Raw("<p class=\"warning\">").Number("/ope_setup/unknown_messages", s.UnknownMessages, "N0", "span")
                .Text(" logged decisions name messages that are not in the catalog and were left out; ")
                .Number("/ope_setup/without_decision_id", s.WithoutDecisionId, "N0", "span")
                .Text(" replayed decisions had no decision_id (the event id keyed the exploration draw).").Raw("</p>\n");
        }

        foreach (var metric in RewardMetric.All)
        {
            h.Element("h3", $"{metric.Name}: {metric.Description}{(metric.HigherIsBetter ? "" : " (lower is better)")}");
            h.Chart($"chart-ope-{metric.Name}", Charts.OffPolicy(metric.Name, report.Ope), $"Estimates of {metric.Description} with 95% bootstrap intervals.");
            h.Raw("<table>").Header("policy", "estimator", "value", "95% low", "95% high", "ESS", "decisions", "largest weight");
            for (var i = 0; i < report.Ope.Count; i++)
            {
                var r = report.Ope[i];
                if (r.Metric != metric.Name)
                {
                    continue;
                }

                var at = $"/ope/{i}";
                h.Raw("<tr>").Cell(r.Policy).Cell(r.Estimator).Number(at + "/value", r.Value, "G5").Number(at + "/ci_low", r.CiLow, "G5")
                    .Number(at + "/ci_high", r.CiHigh, "G5").Number(at + "/ess", r.Ess, "N0").Count(at + "/decisions", r.Decisions)
                    .Number(at + "/largest_weight", r.LargestWeight, "G4").Raw("</tr>\n");
            }

            h.Raw("</table>\n");
            foreach (var (r, i) in report.Ope.Select((r, i) => (r, i)).Where(x => x.r.Metric == metric.Name))
            {
                foreach (var w in r.Warnings)
                {
                    h.Raw("<p class=\"warning\" data-warning=\"").Text(w.Code).Raw("\"><b>").Text($"Warning ({r.Policy}, {r.Estimator}): ").Raw("</b>").Text(w.Message).Raw("</p>\n");
                }
            }
        }

        h.Raw("</section>\n");
    }

    private static void VerdictSection(HtmlWriter h, EvaluationReport report)
    {
        h.Raw("<section id=\"verdict\">\n").Element("h2", "Verdict");
        if (report.Verdict is not { } v)
        {
            h.Raw("<p class=\"verdict\">").Text("No verdict: there is no off-policy estimate to speak from (see the notes above).").Raw("</p>\n</section>\n");
            return;
        }

        h.Raw("<p class=\"verdict\">").Text(v.Text).Raw("</p>\n");
        h.Raw("<table>").Header("per 1,000 users, against " + v.Against, "estimate", "95% low", "95% high");
        h.Raw("<tr>").Cell("value").Number("/verdict/value_per1000", v.ValuePer1000, "N1").Number("/verdict/value_ci_low", v.ValueCiLow, "N1")
            .Number("/verdict/value_ci_high", v.ValueCiHigh, "N1").Raw("</tr>\n");
        h.Raw("<tr>").Cell("unsubscribes").Number("/verdict/unsubscribes_per1000", v.UnsubscribesPer1000, "N1")
            .Number("/verdict/unsubscribes_ci_low", v.UnsubscribesCiLow, "N1").Number("/verdict/unsubscribes_ci_high", v.UnsubscribesCiHigh, "N1").Raw("</tr>\n");
        h.Raw("</table>\n<p class=\"note\">").Text("Which estimator, and why: " + v.Why).Raw("</p>\n</section>\n");
    }

    private static void SegmentsSection(HtmlWriter h, EvaluationReport report)
    {
        var s = report.Segments;
        h.Raw("<section id=\"segments\">\n").Element("h2", "Receptive segments");
        h.Raw("<p>").Text(
            "Who the candidate expects messages to move: a shallow tree (two levels, no segment under 5 % of the rows) fitted on the model's predicted " +
            "uplift of the validation rows, splitting on profile attributes only, so that each segment reads as a rule. The observed uplift is the goal " +
            "rate of the sends minus that of the randomised hold-outs in the segment, with a 95 % interval, where both have at least 10 rows.").Raw("</p>\n");
        if (s.Note is { } note)
        {
            h.Raw("<p class=\"warning\">").Text(note).Raw("</p>\n");
        }

        SegmentTable(h, "All messages", "/segments/overall", s.Overall);
        foreach (var (message, leaves) in s.ByMessage)
        {
            SegmentTable(h, message, $"/segments/by_message/{HtmlWriter.Token(message)}", leaves);
        }

        h.Raw("</section>\n");
    }

    private static void SegmentTable(HtmlWriter h, string title, string pointer, IReadOnlyList<Segments.ReceptiveSegment> leaves)
    {
        h.Element("h3", title);
        h.Raw("<table>").Header("segment", "users", "share of users", "predicted uplift", "sends", "hold-outs", "observed uplift", "95% low", "95% high");
        for (var i = 0; i < leaves.Count; i++)
        {
            var l = leaves[i];
            var at = $"{pointer}/{i}";
            h.Raw("<tr>").Cell(l.Description).Count(at + "/users", l.Users).Number(at + "/user_share", l.UserShare, "P0")
                .Number(at + "/predicted_uplift", l.PredictedUplift, "F3").Count(at + "/sends", l.Sends).Count(at + "/holdouts", l.Holdouts)
                .Number(at + "/observed_uplift", l.ObservedUplift, "F3").Number(at + "/ci_low", l.CiLow, "F3").Number(at + "/ci_high", l.CiHigh, "F3").Raw("</tr>\n");
        }

        h.Raw("</table>\n");
    }

    private static void IncrementalitySection(HtmlWriter h, EvaluationReport report)
    {
        var r = report.Incrementality;
        h.Raw("<section id=\"incrementality\">\n").Element("h2", "Incrementality (global holdout)");
        h.Raw("<p>").Text($"Users held out from promotional messages by the catalog's holdout (share ").Number("/incrementality/share", r.Share, "P0", "span")
            .Text($", salt '{r.Salt}'), against everyone else, over {r.From:yyyy-MM-dd HH:mm} to {r.Until:yyyy-MM-dd HH:mm} UTC: every goal of the catalog's " +
                "messages each user reached, organic or not. No model and no logged propensity enter this comparison.").Raw("</p>\n");
        if (r.Lift is not { } lift)
        {
            h.Raw("<p class=\"warning\">").Text(r.Absent ?? "No measurement.").Raw("</p>\n</section>\n");
            return;
        }

        h.Raw("<p>").Count("/incrementality/lift/held_out_users", lift.HeldOutUsers, "span").Text(" users held out, ")
            .Count("/incrementality/lift/messaged_users", lift.MessagedUsers, "span").Text(" messaged.").Raw("</p>\n");
        h.Raw("<table>").Header("per user", "messaged", "held out", "lift", "95% low", "95% high");
        foreach (var (name, d) in new[] { ("goals_per_user", lift.GoalsPerUser), ("value_per_user", lift.ValuePerUser) })
        {
            var at = $"/incrementality/lift/{name}";
            h.Raw("<tr>").Cell(name.Replace('_', ' ')).Number(at + "/messaged", d.Messaged, "G4").Number(at + "/held_out", d.HeldOut, "G4")
                .Number(at + "/lift", d.Lift, "G4").Number(at + "/ci_low", d.CiLow, "G4").Number(at + "/ci_high", d.CiHigh, "G4").Raw("</tr>\n");
        }

        h.Raw("</table>\n</section>\n");
    }

    private static void Suppressions(HtmlWriter h, EvaluationReport report)
    {
        h.Raw("<section id=\"suppressions\">\n").Element("h2", "3. Suppression analysis");
        h.Raw("<p>").Text("Each policy replayed at the logged decision points: the candidates its hard rules removed, the decisions where nothing was eligible, " +
            "the sends it chose (its exploration draw included) and the unsubscribes its own fatigue model predicts for them. The logging policy's row shows its actual sends.").Raw("</p>\n");
        h.Raw("<table>").Header("policy", "decisions", "sends", "no eligible message", "predicted unsubscribes", "mean sends per user-week", "user-weeks");
        for (var i = 0; i < report.SuppressionAnalysis.Count; i++)
        {
            var a = report.SuppressionAnalysis[i];
            var at = $"/suppression_analysis/{i}";
            h.Raw("<tr>").Cell(a.Policy).Count(at + "/decisions", a.Decisions).Count(at + "/sends", a.Sends).Count(at + "/no_eligible_message", a.NoEligibleMessage)
                .Number(at + "/predicted_unsubscribes", a.PredictedUnsubscribes, "F1").Number(at + "/mean_sends_per_user_week", a.MeanSendsPerUserWeek, "F3")
                .Count(at + "/user_weeks", a.UserWeeks).Raw("</tr>\n");
        }

        h.Raw("</table>\n");
        var replayed = report.SuppressionAnalysis.Where(a => a.NoEligibleMessage is not null).ToArray();
        var rules = replayed.SelectMany(a => a.ByRule.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        h.Element("h3", "Candidates removed per hard rule");
        h.Raw("<table>").Header([.. new[] { "rule" }.Concat(replayed.Select(a => a.Policy))]);
        foreach (var rule in rules)
        {
            h.Raw("<tr>").Cell(rule);
            foreach (var (a, i) in report.SuppressionAnalysis.Select((a, i) => (a, i)).Where(x => x.a.NoEligibleMessage is not null))
            {
                if (a.ByRule.TryGetValue(rule, out var n))
                {
                    h.Count($"/suppression_analysis/{i}/by_rule/{HtmlWriter.Token(rule)}", n);
                }
                else
                {
                    h.Cell("0");
                }
            }

            h.Raw("</tr>\n");
        }

        h.Raw("</table>\n");
        h.Chart("chart-suppressions-by-rule", Charts.SuppressionsByRule(report.Suppressions), "Candidates the candidate policy's hard rules removed, per rule id.");
        h.Chart("chart-sends-per-week", Charts.SendsPerWeek(report.SuppressionAnalysis), "Share of user-weeks with 0, 1, … sends, per policy (users with a logged decision in the period).");
        h.Element("h3", "Sends per user-week");
        h.Raw("<table>").Header([.. new[] { "sends in the week" }.Concat(report.SuppressionAnalysis.Select(a => a.Policy))]);
        var bins = report.SuppressionAnalysis[0].SendsPerUserWeek.Count;
        for (var b = 0; b < bins; b++)
        {
            h.Raw("<tr>").Cell(report.SuppressionAnalysis[0].SendsPerUserWeek[b].Sends);
            for (var i = 0; i < report.SuppressionAnalysis.Count; i++)
            {
                h.Count($"/suppression_analysis/{i}/sends_per_user_week/{b}/user_weeks", report.SuppressionAnalysis[i].SendsPerUserWeek[b].UserWeeks);
            }

            h.Raw("</tr>\n");
        }

        h.Raw("</table>\n</section>\n");
    }

    private static void ChampionChallengerSection(HtmlWriter h, EvaluationReport report)
    {
        h.Raw("<section id=\"champion-challenger\">\n").Element("h2", "4. Champion / challenger");
        if (report.ChampionChallenger is not { } cc || report.BaselineModels is not { } baseline)
        {
            h.Element("p", "No baseline bundle was given. Run evaluate with --baseline DIR to compare the candidate with the model in production.");
            h.Raw("</section>\n");
            return;
        }

        var head = cc.Headline;
        h.Raw("<p class=\"verdict\" data-verdict=\"").Text(head.Verdict).Raw("\">").Text($"Candidate vs baseline on value (doubly robust): {VerdictText(head.Verdict)} at {head.ConfidenceLevel:P0}").Raw("</p>\n");
        h.Raw("<p>").Text("Difference (candidate − baseline) in value per decision: ").Number("/champion_challenger/headline/difference", head.Difference, "G4", "span")
            .Text(", 95% paired interval ").Number("/champion_challenger/headline/ci_low", head.CiLow, "G4", "span").Text(" to ")
            .Number("/champion_challenger/headline/ci_high", head.CiHigh, "G4", "span")
            .Text(". Both policies are re-estimated on the same bootstrap resamples of users, so the users' shared luck cancels out.").Raw("</p>\n");
        h.Element("h3", "Model metrics side by side");
        h.Raw("<table>").Header("model", "bundle", "rows", "AUC", "PR-AUC", "log-loss", "Brier", "ECE");
        foreach (var (name, candidate, base_) in new[] { ("propensity", report.Models.Propensity, baseline.Propensity), ("fatigue", report.Models.Fatigue, baseline.Fatigue) })
        {
            MetricRow(h, name, "candidate", $"/models/{name}", candidate);
            MetricRow(h, name, "baseline", $"/baseline_models/{name}", base_);
        }

        h.Raw("</table>\n");
        h.Element("h3", "Every estimator and metric");
        h.Raw("<table>").Header("metric", "estimator", "candidate − baseline", "95% low", "95% high", "verdict");
        for (var i = 0; i < cc.Comparisons.Count; i++)
        {
            var r = cc.Comparisons[i];
            var at = $"/champion_challenger/comparisons/{i}";
            h.Raw("<tr>").Cell(r.Metric).Cell(r.Estimator).Number(at + "/difference", r.Difference, "G4").Number(at + "/ci_low", r.CiLow, "G4")
                .Number(at + "/ci_high", r.CiHigh, "G4").Cell(VerdictText(r.Verdict)).Raw("</tr>\n");
        }

        h.Raw("</table>\n</section>\n");
    }

    private static void MetricRow(HtmlWriter h, string model, string bundle, string at, ModelMetrics m)
    {
        h.Raw("<tr>").Cell(model).Cell(bundle).Count(at + "/rows", m.Rows).Number(at + "/auc", m.Auc).Number(at + "/pr_auc", m.PrAuc)
            .Number(at + "/log_loss", m.LogLoss).Number(at + "/brier", m.Brier).Number(at + "/ece", m.Ece).Raw("</tr>\n");
    }

    private static string VerdictText(string verdict) => verdict switch
    {
        OffPolicy.Verdicts.Better => "better",
        OffPolicy.Verdicts.Worse => "worse",
        _ => "not distinguishable",
    };

    private static void ReproducibilitySection(HtmlWriter h, EvaluationReport report)
    {
        var r = report.Reproducibility;
        h.Raw("<section id=\"reproducibility\">\n").Element("h2", "5. Reproducibility");
        h.Raw("<table>").Header("what", "value");
        h.Raw("<tr><td>seed (importance, bootstrap)</td>").Count("/reproducibility/seed", r.Seed).Raw("</tr>\n");
        h.Raw("<tr><td>exploration seed of the replayed engine</td>").Count("/reproducibility/exploration_seed", (long)r.ExplorationSeed).Raw("</tr>\n");
        h.Raw("<tr><td>bootstrap resamples</td>").Count("/reproducibility/bootstrap_resamples", r.BootstrapResamples).Raw("</tr>\n");
        h.Raw("<tr><td>validation days</td>").Count("/reproducibility/options/validation_days", r.Options.ValidationDays).Raw("</tr>\n");
        foreach (var (what, value) in new[]
        {
            ("data fingerprint", r.DataFingerprint),
            ("configuration hash (SHA-256 of the options)", r.ConfigurationHash),
            ("code version", r.CodeVersion),
            ("model: data fingerprint", r.Model.DataFingerprint),
            ("model: trained on this data", r.ModelTrainedOnThisData ? "yes" : "no"),
            ("model: feature schema", r.Model.FeatureSchemaHash),
            ("model: code version", r.Model.CodeVersion),
            ("model: created at", r.Model.CreatedAt.ToString("O", CultureInfo.InvariantCulture)),
        })
        {
            h.Raw("<tr>").Cell(what).Cell(value).Raw("</tr>\n");
        }

        if (r.Baseline is { } b)
        {
            h.Raw("<tr>").Cell("baseline: data fingerprint").Cell(b.DataFingerprint).Raw("</tr>\n");
            h.Raw("<tr>").Cell("baseline: trained on this data").Cell(r.BaselineTrainedOnThisData == true ? "yes" : "no").Raw("</tr>\n");
            h.Raw("<tr>").Cell("baseline: feature schema").Cell(b.FeatureSchemaHash).Raw("</tr>\n");
        }

        h.Raw("</table>\n");
        h.Raw("<details><summary>Options</summary><pre>").Text(JsonSerializer.Serialize(r.Options, CoreJson.Indented)).Raw("</pre></details>\n");
        h.Raw("<details><summary>Model manifest</summary><pre>").Text(JsonSerializer.Serialize(r.Model, CoreJson.Indented)).Raw("</pre></details>\n");
        if (r.Baseline is { } baseline)
        {
            h.Raw("<details><summary>Baseline manifest</summary><pre>").Text(JsonSerializer.Serialize(baseline, CoreJson.Indented)).Raw("</pre></details>\n");
        }

        h.Raw("</section>\n");
    }
}
