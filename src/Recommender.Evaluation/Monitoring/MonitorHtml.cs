using System.Globalization;
using Recommender.Evaluation.Report;

namespace Recommender.Evaluation.Monitoring;

/// <summary>
/// <c>monitor.html</c>: one self-contained page like the evaluation report (inline CSS and SVG, no script), opening
/// with the verdict; sections <c>verdict</c>, <c>drift</c>, <c>calibration</c>, <c>volume</c>, <c>incrementality</c>
/// and <c>setup</c>; every number carries its monitor.json pointer.
/// </summary>
internal static class MonitorHtml
{
    public static readonly string[] SectionIds = ["verdict", "drift", "calibration", "volume", "incrementality", "setup"];

    public static string Render(MonitorReport report)
    {
        var h = new HtmlWriter();
        h.Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Model monitoring report</title>\n<style>\n")
            .Raw(HtmlReport.Style).Raw(".attention { color: #b00020; font-weight: bold; }\n</style>\n</head>\n<body>\n");
        h.Element("h1", "Model monitoring report");
        var s = report.Setup;
        h.Raw("<p class=\"note\">").Text(
            $"Model {s.ModelVersion}, trained on {s.TrainingWindow.DataStart:yyyy-MM-dd} to {s.TrainingWindow.DataEnd:yyyy-MM-dd}; " +
            $"monitored from {s.MonitoredFrom:yyyy-MM-dd} to {s.MonitoredUntil:yyyy-MM-dd} in windows of {s.Thresholds.WindowDays} days. " +
            "Every number on this page is also in monitor.json.").Raw("</p>\n");
        foreach (var notice in report.Notices)
        {
            h.Raw("<p class=\"warning\" data-notice=\"").Text(notice.Code).Raw("\"><b>Note: </b>").Text(notice.Message).Raw("</p>\n");
        }

        Verdict(h, report);
        Drift(h, report);
        Calibration(h, report);
        Volume(h, report);
        Incrementality(h, report);
        Setup(h, report);
        h.Raw("</body>\n</html>\n");
        return h.ToString();
    }

    private static string[] Labels(MonitorReport report) => [.. report.Windows.Select(w => w.From.ToString("MM-dd", CultureInfo.InvariantCulture))];

    private static void Verdict(HtmlWriter h, MonitorReport report)
    {
        h.Raw("<section id=\"verdict\">\n").Element("h2", "Verdict");
        h.Raw($"<p class=\"verdict\" data-status=\"{report.Verdict.Status}\">").Text(report.Verdict.Text).Raw("</p>\n");
        h.Raw("<table>").Header("window", "after training", "needs attention");
        foreach (var w in report.Windows)
        {
            h.Raw("<tr>").Cell($"{w.From:yyyy-MM-dd} to {w.Until:yyyy-MM-dd}").Cell(w.AfterTraining ? "yes" : "no");
            h.Raw(w.Attention.Count == 0 ? "<td>nothing</td>" : "<td class=\"attention\">").Text(string.Join("; ", w.Attention)).Raw(w.Attention.Count == 0 ? "" : "</td>").Raw("</tr>\n");
        }

        h.Raw("</table>\n</section>\n");
    }

    private static void Drift(HtmlWriter h, MonitorReport report)
    {
        var s = report.Setup;
        h.Raw("<section id=\"drift\">\n").Element("h2", "1. Feature drift");
        h.Raw("<p>").Text(
            $"Each window's decisions against the reference ({s.ReferenceSource.Replace('_', ' ')}, {s.ReferenceFrom:yyyy-MM-dd} to {s.ReferenceUntil:yyyy-MM-dd}, ")
            .Number("/setup/reference_rows", s.ReferenceRows, "N0", "span").Text(
            $" decisions): the population stability index of the model's predictions and of every feature over bins fixed on the reference (deciles, or one per value for at most ten values; " +
            $"missing values their own bin). Watch from {s.Thresholds.PsiWatch:F2}, attention from {s.Thresholds.PsiAttention:F2}; windows under " +
            $"{s.Thresholds.MinimumRows:N0} decisions are not judged.").Raw("</p>\n");
        h.Chart("chart-drift", Charts.WindowSeries("PSI per window", "PSI", Labels(report),
            [
                ("largest feature PSI", [.. report.Windows.Select(w => w.Drift.MaxPsi)]),
                ("P(goal | send)", [.. report.Windows.Select(w => w.Drift.GoalPredictionPsi)]),
                ("predicted uplift", [.. report.Windows.Select(w => w.Drift.UpliftPredictionPsi)]),
            ], s.Thresholds.PsiAttention),
            "The largest PSI over all features, and the PSI of the model's predictions, in each window; dashed: the attention line.");
        h.Raw("<table>").Header("window", "decisions", "status", "PSI of P(goal | send)", "PSI of uplift", "largest feature PSI", "features shifted", "features to watch", "top movers (PSI; reference mean → window mean)");
        for (var k = 0; k < report.Windows.Count; k++)
        {
            var w = report.Windows[k];
            var p = $"/windows/{k}/drift";
            h.Raw("<tr>").Cell($"{w.From:yyyy-MM-dd}").Count($"{p}/rows", w.Drift.Rows).Cell(w.Drift.Status.Replace('_', ' '))
                .Number($"{p}/goal_prediction_psi", w.Drift.GoalPredictionPsi, "F3").Number($"{p}/uplift_prediction_psi", w.Drift.UpliftPredictionPsi, "F3")
                .Number($"{p}/max_psi", w.Drift.MaxPsi, "F3").Count($"{p}/features_shifted", w.Drift.FeaturesShifted).Count($"{p}/features_watched", w.Drift.FeaturesWatched);
            h.Raw("<td>").Text(string.Join("; ", w.Drift.TopMovers.Select(f => string.Create(CultureInfo.InvariantCulture,
                $"{f.Feature} {f.Psi:F3} ({Mean(f.ReferenceMean)} → {Mean(f.WindowMean)})")))).Raw("</td></tr>\n");
        }

        h.Raw("</table>\n</section>\n");
    }

    private static string Mean(double? v) => v?.ToString("G4", CultureInfo.InvariantCulture) ?? "missing";

    private static void Calibration(HtmlWriter h, MonitorReport report)
    {
        var s = report.Setup;
        h.Raw("<section id=\"calibration\">\n").Element("h2", "2. Calibration against arrived outcomes");
        h.Raw("<p>").Text(
            $"Predictions against the outcomes that arrived (decisions whose goal or fatigue window has closed): the goal model on sends, the fatigue model " +
            $"on sends. Predictions served by the API (from the decision log): ").Number("/setup/served_predictions", s.ServedPredictions, "N0", "span")
            .Text("; recomputed with the bundle for the same features: ").Number("/setup/rescored_predictions", s.RescoredPredictions, "N0", "span").Text(
            $". A window needs attention when the mean prediction lies outside the observed rate's 95 % Wilson interval and is off by more than " +
            $"{s.Thresholds.CalibrationGap:P0} of the larger of the two.").Raw("</p>\n");
        h.Chart("chart-calibration", Charts.WindowSeries("Goal rate of sends: predicted and observed", "goal rate", Labels(report),
            [("predicted", [.. report.Windows.Select(w => w.Goal.MeanPredicted)]), ("observed", [.. report.Windows.Select(w => w.Goal.ObservedRate)])]),
            "Mean predicted P(goal | send) and the observed goal rate of each window's sends.");
        foreach (var (name, pick, key) in new (string, Func<MonitorWindow, CalibrationCheck>, string)[] { ("Goal model", w => w.Goal, "goal"), ("Fatigue model", w => w.Unsubscribe, "unsubscribe") })
        {
            h.Element("h3", name);
            h.Raw("<table>").Header("window", "rows", "status", "mean predicted", "observed", "95% low", "95% high", "ECE");
            for (var k = 0; k < report.Windows.Count; k++)
            {
                var c = pick(report.Windows[k]);
                var p = $"/windows/{k}/{key}";
                h.Raw("<tr>").Cell($"{report.Windows[k].From:yyyy-MM-dd}").Count($"{p}/rows", c.Rows).Cell(c.Status.Replace('_', ' '))
                    .Number($"{p}/mean_predicted", c.MeanPredicted).Number($"{p}/observed_rate", c.ObservedRate).Number($"{p}/ci_low", c.CiLow)
                    .Number($"{p}/ci_high", c.CiHigh).Number($"{p}/ece", c.Ece).Raw("</tr>\n");
            }

            h.Raw("</table>\n");
        }

        h.Raw("</section>\n");
    }

    private static void Volume(HtmlWriter h, MonitorReport report)
    {
        h.Raw("<section id=\"volume\">\n").Element("h2", "3. Send volume and suppression mix");
        h.Raw("<p>").Text(report.Setup.VolumeSource == "decision_log"
            ? "As served: the decision log's decisions, sends and the candidates each hard rule removed."
            : "As the bundle's decision engine decides when replayed at the logged decision points (no decision log was given): decisions, sends and the candidates each hard rule removed.").Raw("</p>\n");
        var rules = report.Windows.SelectMany(w => w.Volume.SuppressedByRule.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        var messages = report.Windows.SelectMany(w => w.Volume.SendsByMessage.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        h.Chart("chart-volume", Charts.WindowSeries("Decisions and sends per window", "count", Labels(report),
            [("decisions", [.. report.Windows.Select(w => (double?)w.Volume.Decisions)]), ("sends", [.. report.Windows.Select(w => (double?)w.Volume.Sends)])]),
            "Decisions and sends in each window.");
        h.Raw("<table>").Header([.. new[] { "window", "decisions", "sends" }.Concat(messages.Select(m => "sent: " + m)).Concat(rules.Select(r => "suppressed: " + r))]);
        for (var k = 0; k < report.Windows.Count; k++)
        {
            var v = report.Windows[k].Volume;
            var p = $"/windows/{k}/volume";
            h.Raw("<tr>").Cell($"{report.Windows[k].From:yyyy-MM-dd}").Count($"{p}/decisions", v.Decisions).Count($"{p}/sends", v.Sends);
            foreach (var m in messages)
            {
                h.Count($"{p}/sends_by_message/{HtmlWriter.Token(m)}", v.SendsByMessage.GetValueOrDefault(m));
            }

            foreach (var r in rules)
            {
                h.Count($"{p}/suppressed_by_rule/{HtmlWriter.Token(r)}", v.SuppressedByRule.GetValueOrDefault(r));
            }

            h.Raw("</tr>\n");
        }

        h.Raw("</table>\n</section>\n");
    }

    private static void Incrementality(HtmlWriter h, MonitorReport report)
    {
        h.Raw("<section id=\"incrementality\">\n").Element("h2", "4. Incrementality (global holdout)");
        if (report.Setup.HoldoutShare <= 0)
        {
            h.Raw("<p class=\"warning\">").Text("No global holdout (share 0): nothing measures what messaging adds.").Raw("</p>\n</section>\n");
            return;
        }

        h.Raw("<p>").Text(string.Create(CultureInfo.InvariantCulture,
            $"Goals and value per user in each window, messaged users against the {report.Setup.HoldoutShare:P1} held out from promotional messages, with a 95 % (Welch) interval on the lift.")).Raw("</p>\n");
        h.Raw("<table>").Header("window", "held-out users", "messaged users", "goals/user messaged", "goals/user held out", "lift", "95% low", "95% high", "value lift", "95% low", "95% high");
        for (var k = 0; k < report.Windows.Count; k++)
        {
            var w = report.Windows[k];
            var p = $"/windows/{k}/holdout";
            h.Raw("<tr>").Cell($"{w.From:yyyy-MM-dd}");
            if (w.Holdout is not { } l)
            {
                h.Raw("<td colspan=\"10\">").Text("fewer than two users on a side").Raw("</td></tr>\n");
                continue;
            }

            h.Count($"{p}/held_out_users", l.HeldOutUsers).Count($"{p}/messaged_users", l.MessagedUsers)
                .Number($"{p}/goals_per_user/messaged", l.GoalsPerUser.Messaged).Number($"{p}/goals_per_user/held_out", l.GoalsPerUser.HeldOut)
                .Number($"{p}/goals_per_user/lift", l.GoalsPerUser.Lift).Number($"{p}/goals_per_user/ci_low", l.GoalsPerUser.CiLow).Number($"{p}/goals_per_user/ci_high", l.GoalsPerUser.CiHigh)
                .Number($"{p}/value_per_user/lift", l.ValuePerUser.Lift, "F3").Number($"{p}/value_per_user/ci_low", l.ValuePerUser.CiLow, "F3").Number($"{p}/value_per_user/ci_high", l.ValuePerUser.CiHigh, "F3")
                .Raw("</tr>\n");
        }

        h.Raw("</table>\n</section>\n");
    }

    private static void Setup(HtmlWriter h, MonitorReport report)
    {
        var s = report.Setup;
        h.Raw("<section id=\"setup\">\n").Element("h2", "5. Setup");
        h.Raw("<ul>");
        h.Raw("<li>").Text($"Bundle: {s.ModelDirectory} (version {s.ModelVersion})").Raw("</li>");
        h.Raw("<li>").Text($"Training data {s.TrainingWindow.DataStart:yyyy-MM-dd HH:mm} to {s.TrainingWindow.DataEnd:yyyy-MM-dd HH:mm}, validation from {s.TrainingWindow.ValidationFrom:yyyy-MM-dd HH:mm}").Raw("</li>");
        h.Raw("<li>").Text($"Thresholds: window {s.Thresholds.WindowDays} days, minimum rows {s.Thresholds.MinimumRows}, PSI watch {s.Thresholds.PsiWatch} / attention {s.Thresholds.PsiAttention}, calibration gap {s.Thresholds.CalibrationGap}").Raw("</li>");
        h.Raw("</ul>\n</section>\n");
    }
}
