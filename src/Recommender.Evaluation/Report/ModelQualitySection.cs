using Recommender.Models.Metrics;


namespace Recommender.Evaluation.Report;

/// <summary>Section 1 of <c>report.html</c>: both models' metrics, reliability and gain charts, segments and importance.</summary>
internal static class ModelQualitySection
{
    private static readonly string[] Models = ["propensity", "fatigue"];

    public static void Write(HtmlWriter h, EvaluationReport report)
    {
        h.Raw("<section id=\"model-quality\">\n").Element("h2", "1. Model quality on the validation window");
        h.Raw("<p>").Text(
            "The rows the training job validated on (the same replay and time split as `train`): decisions in the last validation days whose label window closed by the end of the log. " +
            "The propensity model predicts the message's goal within its goal window (sends and held-out controls), the fatigue model an unsubscribe or complaint within the fatigue window of a send.")
            .Raw("</p>\n");
        h.Raw("<table>").Header("model", "rows", "positives", "AUC", "PR-AUC", "log-loss", "Brier", "ECE", "oracle AUC");
        foreach (var name in Models)
        {
            var m = Metrics(report.Models, name);
            var at = $"/models/{name}";
            h.Raw("<tr>").Cell(name).Count(at + "/rows", m.Rows).Count(at + "/positives", m.Positives).Number(at + "/auc", m.Auc)
                .Number(at + "/pr_auc", m.PrAuc).Number(at + "/log_loss", m.LogLoss).Number(at + "/brier", m.Brier).Number(at + "/ece", m.Ece);
            if (m.OracleAuc is not null)
            {
                h.Number(at + "/oracle_auc", m.OracleAuc);
            }
            else
            {
                h.Cell("no oracle.parquet");
            }

            h.Raw("</tr>\n");
        }

        h.Raw("</table>\n");
        foreach (var name in Models)
        {
            var d = name == "propensity" ? report.ModelDetails.Propensity : report.ModelDetails.Fatigue;
            var at = $"/model_details/{name}";
            h.Element("h3", $"{name} model");
            h.Chart($"chart-reliability-{name}", Charts.Reliability(name, d.Reliability),
                "Observed rate against mean predicted probability in ten equal-width bins (the bins of ECE); on the diagonal is calibrated.");
            h.Chart($"chart-gain-{name}", Charts.Gain(name, d.Gain),
                "Share of positives found in the top share of rows ranked by the model; the dashed line is chance.");
            h.Raw("<table>").Header("probability bin", "rows", "mean predicted", "observed rate");
            for (var i = 0; i < d.Reliability.Count; i++)
            {
                var b = d.Reliability[i];
                h.Raw("<tr>").Cell($"{b.Low:0.0}–{b.High:0.0}").Count($"{at}/reliability/{i}/rows", b.Rows)
                    .Number($"{at}/reliability/{i}/mean_predicted", b.MeanPredicted).Number($"{at}/reliability/{i}/observed_rate", b.ObservedRate).Raw("</tr>\n");
            }

            h.Raw("</table>\n<table>").Header("top share of rows", "rows", "share of positives", "lift");
            for (var i = 0; i < d.Gain.Count; i++)
            {
                var g = d.Gain[i];
                h.Raw("<tr>").Number($"{at}/gain/{i}/row_share", g.RowShare, "P0").Count($"{at}/gain/{i}/rows", g.Rows)
                    .Number($"{at}/gain/{i}/gain", g.Gain, "P1").Number($"{at}/gain/{i}/lift", g.Lift, "F2").Raw("</tr>\n");
            }

            h.Raw("</table>\n");
            h.Element("h4", "Per segment");
            h.Raw("<table>").Header("dimension", "segment", "rows", "positives", "AUC", "mean predicted", "observed rate");
            for (var i = 0; i < d.Segments.Count; i++)
            {
                var s = d.Segments[i];
                var sat = $"{at}/segments/{i}";
                h.Raw("<tr>").Cell(s.Dimension).Cell(s.Segment).Count(sat + "/rows", s.Rows).Count(sat + "/positives", s.Positives)
                    .Number(sat + "/auc", s.Auc).Number(sat + "/mean_predicted", s.MeanPredicted).Number(sat + "/observed_rate", s.ObservedRate).Raw("</tr>\n");
            }

            h.Raw("</table>\n");
            h.Element("h4", $"Permutation feature importance (top {d.PermutationImportance.Count})");
            if (d.PermutationImportance.Count > 0)
            {
                h.Chart($"chart-importance-{name}", Charts.Importance(name, d.PermutationImportance),
                    "Drop in validation AUC when the feature's values are shuffled across rows (seeded; a subsample of rows).");
            }

            h.Raw("<table>").Header("feature", "AUC drop");
            for (var i = 0; i < d.PermutationImportance.Count; i++)
            {
                h.Raw("<tr>").Cell(d.PermutationImportance[i].Feature).Number($"{at}/permutation_importance/{i}/auc_drop", d.PermutationImportance[i].AucDrop, "F4").Raw("</tr>\n");
            }

            h.Raw("</table>\n");
        }

        h.Raw("</section>\n");
    }

    private static ModelMetrics Metrics(ModelPair pair, string name) => name == "propensity" ? pair.Propensity : pair.Fatigue;
}
