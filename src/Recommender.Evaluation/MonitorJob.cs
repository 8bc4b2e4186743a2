using System.Globalization;
using System.Text.Json;
using Recommender.Core;
using Recommender.Core.Features;
using Recommender.Data;
using Recommender.Data.DecisionLog;
using Recommender.Decisioning;
using Recommender.Evaluation.Incrementality;
using Recommender.Evaluation.Monitoring;
using Recommender.Evaluation.Replay;
using Recommender.Evaluation.Report;
using Recommender.Models;
using Recommender.Training;
using Recommender.Training.Examples;

namespace Recommender.Evaluation;

/// <summary>
/// <c>recommender monitor</c>: is the live model still right? Over consecutive windows of the decisions since its
/// training data ended, it compares the users decided for with those it was trained on (PSI per feature), its
/// predictions with the outcomes that have arrived (calibration), and reports send volume, the hard rules' suppression
/// mix and the global holdout's lift; <c>monitor.html</c> and <c>monitor.json</c> open with a verdict in words.
/// </summary>
/// <remarks>
/// Decisions and outcomes come from the data folder's log, replayed through the training code's example building, so
/// a window's rows are exactly the rows the model would have been trained or validated on. Predictions are the ones the
/// API served (the decision log's scores) where the log holds the decision, else the bundle's own for the same
/// features, which the parity tests hold equal to what the API computes.
/// </remarks>
public sealed class MonitorJob
{
    public const string ReportJson = "monitor.json";
    public const string ReportHtml = "monitor.html";

    private readonly MonitorOptions _options;

    public MonitorJob(MonitorOptions? options = null)
    {
        _options = options ?? new MonitorOptions();
        _options.Validate();
    }

    /// <exception cref="DataValidationException">An input file, or the decision log, breaks the data contract.</exception>
    /// <exception cref="ModelBundleException">The bundle is missing, damaged, or built for another feature schema.</exception>
    /// <exception cref="TrainingDataException">The log has no decision whose outcome is final.</exception>
    public async Task<MonitorResult> RunAsync(
        string dataDirectory, IReadOnlyList<string> decisionLogs, string modelDirectory, string outDirectory, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentNullException.ThrowIfNull(decisionLogs);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(outDirectory);
        ReportFolder.Check(outDirectory); // before the log is read, not when the report is written
        var manifest = ModelBundle.ReadManifest(modelDirectory);
        var inputs = await EvaluationInputs.ReadAsync(dataDirectory, decisionLogs, ct).ConfigureAwait(false);
        var schema = FeatureSchema.Create(inputs.Catalog, manifest.FeatureSchemaOptions);
        var bundle = ModelBundle.Load(modelDirectory, schema);
        var rows = await ValidationSet.BuildAsync(
            inputs.Folder, inputs.Catalog, inputs.ProfileList, schema, 1, inputs.DecisionLog, wholeLog: true, ct).ConfigureAwait(false);
        var served = decisionLogs.Count > 0 ? await ServedAsync(decisionLogs, ct).ConfigureAwait(false) : null;

        var notices = new List<ReportWarning>();
        var training = manifest.TrainingWindow;
        var decisions = rows.PropensityRows;
        var lastAt = decisions.Max(r => rows.SentAt[r]);
        var afterTraining = decisions.Any(r => rows.SentAt[r] >= training.DataEnd);
        var monitoredFrom = afterTraining ? training.DataEnd : decisions.Min(r => rows.SentAt[r]);
        if (!afterTraining)
        {
            notices.Add(new ReportWarning("no_decision_after_training",
                $"The data holds no decision with a final outcome after the bundle's training data ended ({training.DataEnd:yyyy-MM-dd HH:mm}): every window " +
                "from the start of the data is monitored, including those the bundle was trained on, where drift and miscalibration are not expected."));
        }

        // A decision's outcomes are final once the longest goal or fatigue window has passed; later decisions are left out
        // (the example building drops them too, and only for some messages, which would skew the last window's mix).
        var longest = TimeSpan.FromHours(Math.Max(inputs.Catalog.Policy.FatigueWindowHours, inputs.Catalog.Messages.Max(m => m.GoalWindowHours)));
        var windows = Windows(monitoredFrom, Min(lastAt, rows.Window.DataEnd - longest));
        var (referenceRows, referenceSource, referenceFrom, referenceUntil) = Reference(rows, training, windows[0], notices);
        var stability = Enumerable.Range(0, schema.Count)
            .Select(j => PopulationStability.Fit([.. referenceRows.Select(r => rows.Features(r)[j])]))
            .ToArray();
        var predictions = new Predictions(bundle, rows);
        var goalStability = PopulationStability.Fit(predictions.Goal(referenceRows));
        var upliftStability = PopulationStability.Fit(predictions.Uplift(referenceRows));

        var volumes = served is not null
            ? VolumeFromLog(served.Values, windows)
            : VolumeFromReplay(inputs, bundle, schema, windows, ct);
        if (served is null)
        {
            notices.Add(new ReportWarning("volume_replayed",
                "No --decision-log: the send volume and suppression mix are what the bundle's decision engine decides when replayed at the logged decision " +
                "points (the hard rules see the logged history), and the predictions are the bundle's for the same features. Pass the API's decision log " +
                "to see what was actually served."));
        }

        if (served is not null)
        {
            OtherModels(served.Values, bundle, windows, notices);
            // One pass over the data's decisions, each counted in its window.
            var dataDecisions = new long[windows.Count];
            foreach (var r in decisions)
            {
                if (IndexOf(windows, rows.SentAt[r]) is >= 0 and var k)
                {
                    dataDecisions[k]++;
                }
            }
            LogGaps(served.Values, dataDecisions, windows, volumes, notices);
        }

        // A served score is this bundle's only when the decision names it: a log of another model (the one before it, the
        // baseline scorer, a deployment that changed models mid-log) holds that model's predictions, and read as this
        // bundle's they judged the wrong model's calibration. Those sends are scored with the bundle instead.
        LoggedScore? ServedScore(int r) =>
            served is not null && rows.DecisionIds[r] is { } id && served.TryGetValue((id, rows.UserIds[r]), out var entry)
            && ModelCandidateScorer.IsVersionOf(entry.ModelVersion, bundle)
                ? entry.Scores.FirstOrDefault(s => s.MessageId == rows.MessageIds[r])
                : null;

        long servedCount = 0, rescored = 0;
        double Goal(int r)
        {
            if (ServedScore(r) is { } score)
            {
                servedCount++;
                return score.PGoalSend;
            }

            rescored++;
            return bundle.GoalProbability(rows.Features(r), send: true);
        }

        double Unsubscribe(int r) => ServedScore(r) is { } score ? score.PUnsubscribe : bundle.UnsubscribeProbability(rows.Features(r));

        var report = new List<MonitorWindow>();
        for (var k = 0; k < windows.Count; k++)
        {
            var (from, until) = windows[k];
            bool In(int r) => rows.SentAt[r] >= from && rows.SentAt[r] < until;
            var decided = decisions.Where(In).ToArray();
            var sends = decided.Where(r => rows.IsTreatment[r]).ToArray();
            var fatigue = rows.FatigueRows.Where(In).ToArray();
            var drift = Drift(rows, decided, stability, manifest.FeatureNames) with
            {
                GoalPredictionPsi = decided.Length == 0 ? null : goalStability.Index(predictions.Goal(decided)),
                UpliftPredictionPsi = decided.Length == 0 ? null : upliftStability.Index(predictions.Uplift(decided)),
            };
            drift = drift with { Status = DriftStatus(drift) };
            var goal = CalibrationCheck.Of([.. sends.Select(Goal)], [.. sends.Select(r => rows.LabelGoal[r])], _options);
            var unsubscribe = CalibrationCheck.Of([.. fatigue.Select(Unsubscribe)], [.. fatigue.Select(r => rows.LabelUnsubscribe[r])], _options);
            var holdout = inputs.Catalog.Policy.Holdout.Share > 0
                ? HoldoutLift.Estimate(HoldoutOutcomes.Of(inputs, new EvaluationPeriod(from, until, TimeSpan.Zero)))
                : null;
            report.Add(new MonitorWindow(
                k, from, until, from >= training.DataEnd, drift, goal, unsubscribe, volumes[k], holdout, Attention(drift, goal, unsubscribe)));
        }

        if (inputs.Catalog.Policy.Holdout.Share <= 0)
        {
            notices.Add(new ReportWarning("no_holdout",
                "The catalog's holdout share is 0: nothing measures what messaging adds. Set policy.holdout.share (for example 0.05) in catalog.json."));
        }

        var monitor = new MonitorReport
        {
            Verdict = MonitorVerdicts.Of(report),
            Notices = notices,
            Setup = new MonitorSetup(
                bundle.ContentHash, Path.GetFullPath(modelDirectory), training, referenceFrom, referenceUntil, referenceRows.Length, referenceSource,
                monitoredFrom, windows[^1].Until, servedCount, rescored, served is null ? "replay" : "decision_log", inputs.Catalog.Policy.Holdout.Share, _options),
            Windows = report,
        };

        Directory.CreateDirectory(outDirectory);
        var json = JsonSerializer.Serialize(monitor, CoreJson.Indented) + "\n";
        await File.WriteAllTextAsync(Path.Combine(outDirectory, ReportJson), json, ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(outDirectory, ReportHtml), MonitorHtml.Render(monitor), ct).ConfigureAwait(false);
        return new MonitorResult(
            Path.GetFullPath(outDirectory), monitor.Verdict.Status, monitor.Verdict.Text, report.Count, report.Count(w => w.Attention.Count > 0),
            [.. notices.Select(n => n.Message)]);
    }

    /// <summary>Consecutive windows from <paramref name="from"/> up to <paramref name="until"/>, the last one cut short there; at least one.</summary>
    private List<(DateTime From, DateTime Until)> Windows(DateTime from, DateTime until)
    {
        var windows = new List<(DateTime, DateTime)>();
        var length = TimeSpan.FromDays(_options.WindowDays);
        for (var start = from; start < until || windows.Count == 0; start += length)
        {
            windows.Add((start, Min(start + length, Max(until, start + TimeSpan.FromTicks(1)))));
        }

        return windows;
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    /// <summary>
    /// The reference decisions: those of the bundle's validation window as the data holds them, the most recent decisions
    /// it was measured on; so close in time to the monitored ones that a slow trend of the user base (a launch cohort
    /// ageing moves every days-since feature) barely registers and a break does. Failing that, its training period; when
    /// the data reaches back to neither, the first monitored window (drift is then change since then) and a notice says so.
    /// </summary>
    private (int[] Rows, string Source, DateTime From, DateTime Until) Reference(
        ValidationSet rows, Models.Manifest.TrainingWindow training, (DateTime From, DateTime Until) first, List<ReportWarning> notices)
    {
        int[] Between(DateTime from, DateTime until) => [.. rows.PropensityRows.Where(r => rows.SentAt[r] >= from && rows.SentAt[r] < until)];
        var validated = Between(training.ValidationFrom, training.DataEnd);
        if (validated.Length >= _options.MinimumRows)
        {
            return (validated, "validation_window", training.ValidationFrom, training.DataEnd);
        }

        var trained = Between(training.DataStart, training.ValidationFrom);
        if (trained.Length >= _options.MinimumRows)
        {
            notices.Add(new ReportWarning("reference_training_window",
                $"The data holds {validated.Length:N0} decisions of the bundle's validation window ({training.ValidationFrom:yyyy-MM-dd} to {training.DataEnd:yyyy-MM-dd}), " +
                $"fewer than {_options.MinimumRows:N0}: drift is measured against its training period instead, further back in time, where slow trends of the user base count too."));
            return (trained, "training_window", training.DataStart, training.ValidationFrom);
        }

        var window = rows.PropensityRows.Where(r => rows.SentAt[r] >= first.From && rows.SentAt[r] < first.Until).ToArray();
        notices.Add(new ReportWarning("reference_first_window",
            $"The data holds {trained.Length + validated.Length:N0} decisions of the bundle's training data ({training.DataStart:yyyy-MM-dd} to {training.DataEnd:yyyy-MM-dd}), " +
            $"fewer than {_options.MinimumRows:N0}: drift is measured against the first monitored window ({first.From:yyyy-MM-dd} to {first.Until:yyyy-MM-dd}) instead, " +
            "so it shows change since then, not since training. Monitor a data folder that reaches back over the training data to compare with it."));
        return (window.Length > 0 ? window : [.. rows.PropensityRows], "first_window", first.From, first.Until);
    }

    private WindowDrift Drift(ValidationSet rows, int[] decided, PopulationStability[] stability, IReadOnlyList<string> names)
    {
        if (decided.Length == 0)
        {
            return new WindowDrift(0, null, null, null, 0, 0, [], CalibrationCheck.TooFewRows, new Dictionary<string, double>());
        }

        var features = new FeatureDrift[stability.Length];
        for (var j = 0; j < stability.Length; j++)
        {
            var values = decided.Select(r => rows.Features(r)[j]).ToArray();
            var present = values.Where(v => !float.IsNaN(v)).ToArray();
            features[j] = new FeatureDrift(
                names[j], stability[j].Index(values), stability[j].ReferenceMean, present.Length == 0 ? null : present.Average(v => (double)v),
                stability[j].ReferenceMissing, (double)(values.Length - present.Length) / values.Length);
        }

        var shifted = features.Count(f => f.Psi >= _options.PsiAttention);
        var watched = features.Count(f => f.Psi >= _options.PsiWatch && f.Psi < _options.PsiAttention);
        var psi = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var f in features)
        {
            psi[f.Feature] = f.Psi;
        }

        return new WindowDrift(
            decided.Length, null, null, features.Max(f => f.Psi), shifted, watched,
            [.. features.OrderByDescending(f => f.Psi).ThenBy(f => f.Feature, StringComparer.Ordinal).Take(_options.TopMovers)], CalibrationCheck.Ok, psi);
    }

    /// <summary>A window needs attention when a feature or one of the model's predictions moved past the attention line.</summary>
    private string DriftStatus(WindowDrift drift)
    {
        var largest = Math.Max(drift.MaxPsi ?? 0, Math.Max(drift.GoalPredictionPsi ?? 0, drift.UpliftPredictionPsi ?? 0));
        return drift.Rows < _options.MinimumRows ? CalibrationCheck.TooFewRows
            : largest >= _options.PsiAttention ? CalibrationCheck.Attention
            : largest >= _options.PsiWatch ? "watch"
            : CalibrationCheck.Ok;
    }

    private static List<string> Attention(WindowDrift drift, CalibrationCheck goal, CalibrationCheck unsubscribe)
    {
        var attention = new List<string>();
        if (drift.Status == CalibrationCheck.Attention)
        {
            attention.Add(string.Create(CultureInfo.InvariantCulture,
                $"drift: {drift.FeaturesShifted} feature(s) past the attention line, most {drift.TopMovers[0].Feature} (PSI {drift.TopMovers[0].Psi:F2}); the predictions' PSI: P(goal | send) {drift.GoalPredictionPsi:F2}, uplift {drift.UpliftPredictionPsi:F2}"));
        }

        if (goal.Status == CalibrationCheck.Attention)
        {
            attention.Add(string.Create(CultureInfo.InvariantCulture, $"goal predictions off: predicted {goal.MeanPredicted:P2}, observed {goal.ObservedRate:P2} [{goal.CiLow:P2}, {goal.CiHigh:P2}]"));
        }

        if (unsubscribe.Status == CalibrationCheck.Attention)
        {
            attention.Add(string.Create(CultureInfo.InvariantCulture, $"unsubscribe predictions off: predicted {unsubscribe.MeanPredicted:P2}, observed {unsubscribe.ObservedRate:P2} [{unsubscribe.CiLow:P2}, {unsubscribe.CiHigh:P2}]"));
        }

        return attention;
    }

    /// <summary>
    /// Says loudly when the log's decisions in the monitored windows were served by other models than the bundle: their
    /// predictions are not the bundle's (it is scored itself there), while the volume is still what those models served.
    /// </summary>
    private static void OtherModels(
        IEnumerable<DecisionLogEntry> served, ModelBundle bundle, List<(DateTime From, DateTime Until)> windows, List<ReportWarning> notices)
    {
        var others = served
            .Where(d => IndexOf(windows, d.AsOf) >= 0 && !ModelCandidateScorer.IsVersionOf(d.ModelVersion, bundle))
            .GroupBy(d => d.ModelVersion ?? "(none)", StringComparer.Ordinal)
            .Select(g => (Version: g.Key, Count: g.LongCount()))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Version, StringComparer.Ordinal)
            .ToArray();
        if (others.Length == 0)
        {
            return;
        }

        var named = string.Join(", ", others.Take(3).Select(o => string.Create(CultureInfo.InvariantCulture, $"'{o.Version}' ({o.Count:N0})")));
        var total = others.Sum(o => o.Count).ToString("N0", CultureInfo.InvariantCulture);
        var more = others.Length > 3 ? $" and {others.Length - 3} more" : "";
        notices.Add(new ReportWarning("served_by_other_model",
            $"{total} decisions of the decision log in the monitored windows were served by another model than this bundle " +
            $"('{ModelCandidateScorer.VersionOf(bundle)}' as the API names it): {named}{more}. Their sends are judged on " +
            "this bundle's own predictions for the same features, not on what was served; the send volume and suppression mix are still what " +
            "those models served. Pass the log of the model being monitored, or monitor the model that served it."));
    }

    /// <summary>
    /// Says loudly when the log has no decision in windows where the data has some (a log of another period, one server's
    /// folder of several, a log rotated away): the volume of those windows is read from the log and shows 0 decisions,
    /// which is not what was served.
    /// </summary>
    private static void LogGaps(
        IEnumerable<DecisionLogEntry> served, long[] dataDecisions, List<(DateTime From, DateTime Until)> windows, WindowVolume[] volumes,
        List<ReportWarning> notices)
    {
        var gaps = Enumerable.Range(0, windows.Count).Where(k => volumes[k].Decisions == 0 && dataDecisions[k] > 0).ToArray();
        if (gaps.Length == 0)
        {
            return;
        }

        var instants = served.Select(d => d.AsOf).ToArray();
        var span = instants.Length == 0
            ? "holds no decision"
            : "spans " + instants.Min().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " to " +
              instants.Max().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
        var named = string.Join(", ", gaps.Select(k => windows[k].From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        var missed = gaps.Sum(k => dataDecisions[k]).ToString("N0", CultureInfo.InvariantCulture);
        notices.Add(new ReportWarning("decision_log_gaps",
            $"The decision log has no decision in {gaps.Length} of the {windows.Count} monitored window(s) (starting {named}), where the data holds " +
            $"{missed} decisions: their send volume and suppression mix read 0 and are not what was served. The log {span}. Pass every " +
            "server's log folder for the monitored period (--decision-log, once per folder)."));
    }

    /// <summary>The logged decisions by id and user: callers may give two users' decisions one id.</summary>
    private static async Task<Dictionary<(string DecisionId, string UserId), DecisionLogEntry>> ServedAsync(IReadOnlyList<string> decisionLogs, CancellationToken ct)
    {
        var served = new Dictionary<(string, string), DecisionLogEntry>();
        await foreach (var batch in DecisionLogParquetReader.ReadAsync(decisionLogs, null, ct).ConfigureAwait(false))
        {
            foreach (var d in batch.Decisions)
            {
                served.TryAdd((d.DecisionId, d.UserId), d);
            }
        }

        return served;
    }

    private static WindowVolume[] VolumeFromLog(IEnumerable<DecisionLogEntry> served, List<(DateTime From, DateTime Until)> windows)
    {
        var tallies = windows.Select(_ => new VolumeTally()).ToArray();
        foreach (var d in served)
        {
            var k = IndexOf(windows, d.AsOf);
            if (k >= 0)
            {
                tallies[k].Add(d.MessageId, d.Suppressed.Select(s => s.Rule));
            }
        }

        return [.. tallies.Select(t => t.ToVolume())];
    }

    private WindowVolume[] VolumeFromReplay(
        EvaluationInputs inputs, ModelBundle bundle, FeatureSchema schema, List<(DateTime From, DateTime Until)> windows, CancellationToken ct)
    {
        var engine = new DecisionEngine(new ModelCandidateScorer(bundle, schema), _options.ExplorationSeed);
        var replay = DecisionReplay.Run(inputs, new EvaluationPeriod(windows[0].From, windows[^1].Until, TimeSpan.Zero), [engine], ct);
        var tallies = windows.Select(_ => new VolumeTally()).ToArray();
        foreach (var d in replay.Decisions)
        {
            var k = IndexOf(windows, d.At);
            if (k >= 0)
            {
                var decision = d.Policies[0].Decision;
                tallies[k].Add(decision.MessageId, decision.Suppressed.Select(s => s.Rule));
            }
        }

        return [.. tallies.Select(t => t.ToVolume())];
    }

    private static int IndexOf(List<(DateTime From, DateTime Until)> windows, DateTime at)
    {
        for (var k = 0; k < windows.Count; k++)
        {
            if (at >= windows[k].From && at < windows[k].Until)
            {
                return k;
            }
        }

        return -1;
    }

    private sealed class VolumeTally
    {
        private readonly SortedDictionary<string, long> _sends = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, long> _suppressed = new(StringComparer.Ordinal);
        private long _decisions;

        public void Add(string? messageId, IEnumerable<string> suppressedBy)
        {
            _decisions++;
            if (messageId is not null)
            {
                _sends[messageId] = _sends.GetValueOrDefault(messageId) + 1;
            }

            foreach (var rule in suppressedBy)
            {
                _suppressed[rule] = _suppressed.GetValueOrDefault(rule) + 1;
            }
        }

        public WindowVolume ToVolume() => new(_decisions, _sends.Values.Sum(), _sends, _suppressed);
    }
}

/// <summary>What <see cref="MonitorJob.RunAsync"/> wrote and concluded.</summary>
public sealed record MonitorResult(string OutDirectory, string Status, string Verdict, int Windows, int WindowsNeedingAttention, IReadOnlyList<string> Notices);
