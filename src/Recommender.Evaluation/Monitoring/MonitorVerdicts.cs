using System.Globalization;

namespace Recommender.Evaluation.Monitoring;

/// <summary>Monitor's first words, from the windows' attention lists: what to look at first, or that nothing needs it.</summary>
internal static class MonitorVerdicts
{
    public static MonitorVerdict Of(IReadOnlyList<MonitorWindow> windows)
    {
        var judged = windows.Where(w => w.Drift.Status != CalibrationCheck.TooFewRows || w.Goal.Status != CalibrationCheck.TooFewRows).ToArray();
        if (judged.Length == 0)
        {
            return new MonitorVerdict("undetermined",
                "No window holds enough decisions to judge drift or calibration: monitor over a longer period, or lower --min-rows knowing the figures are noisier.");
        }

        var flagged = windows.Where(w => w.Attention.Count > 0).ToArray();
        if (flagged.Length == 0)
        {
            return new MonitorVerdict("healthy", string.Create(CultureInfo.InvariantCulture,
                $"Nothing needs attention: in {judged.Length} judged window(s) from {judged[0].From:yyyy-MM-dd} to {judged[^1].Until:yyyy-MM-dd} no feature moved past " +
                $"the attention line and the goal and unsubscribe predictions matched the outcomes that arrived."));
        }

        var first = flagged[0];
        var drifted = flagged.Where(w => w.Drift.Status == CalibrationCheck.Attention).ToArray();
        var miscalibrated = flagged.Where(w => w.Goal.Status == CalibrationCheck.Attention || w.Unsubscribe.Status == CalibrationCheck.Attention).ToArray();
        var parts = new List<string>();
        if (drifted.Length > 0)
        {
            var movers = drifted.SelectMany(w => w.Drift.TopMovers.Take(3)).GroupBy(f => f.Feature).OrderByDescending(g => g.Max(f => f.Psi)).Take(3).Select(g => g.Key);
            parts.Add($"the users it decides for have drifted from the reference decisions in {drifted.Length} window(s) (most: {string.Join(", ", movers)})");
        }

        if (miscalibrated.Length > 0)
        {
            var w = miscalibrated[0];
            var c = w.Goal.Status == CalibrationCheck.Attention ? w.Goal : w.Unsubscribe;
            var what = ReferenceEquals(c, w.Goal) ? "goal" : "unsubscribe";
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"its {what} predictions no longer match the outcomes in {miscalibrated.Length} window(s) (from {w.From:yyyy-MM-dd}: predicted {c.MeanPredicted:P2}, observed {c.ObservedRate:P2} [{c.CiLow:P2}, {c.CiHigh:P2}])"));
        }

        return new MonitorVerdict("attention", string.Create(CultureInfo.InvariantCulture,
            $"Needs attention from the window starting {first.From:yyyy-MM-dd}: {string.Join("; and ", parts)}. " +
            $"Retrain on recent data and evaluate the new bundle against this one before serving it."));
    }
}
