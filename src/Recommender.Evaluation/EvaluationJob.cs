using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Recommender.Core;
using Recommender.Core.Features;
using Recommender.Data;
using Recommender.Data.DecisionLog;
using Recommender.Data.Oracle;
using Recommender.Decisioning;
using Recommender.Evaluation.Incrementality;
using Recommender.Evaluation.OffPolicy;
using Recommender.Evaluation.Quality;
using Recommender.Evaluation.Replay;
using Recommender.Evaluation.Report;
using Recommender.Evaluation.Segments;
using Recommender.Models;
using Recommender.Models.Manifest;
using Recommender.Models.Metrics;
using Recommender.Training;
using Recommender.Training.Bundles;
using Recommender.Training.Examples;

namespace Recommender.Evaluation;

/// <summary>
/// <c>recommender evaluate</c>: measures a model bundle (and optionally a baseline bundle) on a data folder and writes
/// <c>report.html</c>, <c>report.json</c> and <c>summary.md</c>: model quality on the training code's validation rows,
/// the policies' off-policy value on the logged decisions of the validation window, the hard rules' effect, the
/// champion/challenger verdict and what it takes to reproduce the report.
/// </summary>
public sealed class EvaluationJob
{
    public const string ReportJson = "report.json";
    public const string ReportHtml = "report.html";
    public const string SummaryMarkdown = "summary.md";

    internal const string Candidate = "candidate";
    internal const string Baseline = "baseline";
    internal const string Logging = "logging";

    private readonly EvaluationOptions _options;

    public EvaluationJob(EvaluationOptions? options = null)
    {
        _options = options ?? new EvaluationOptions();
        _options.Validate();
    }

    /// <exception cref="DataValidationException">An input file breaks the data contract.</exception>
    /// <exception cref="ModelBundleException">A bundle is missing, damaged, or built for another feature schema.</exception>
    /// <exception cref="TrainingDataException">The log has no decision to validate the models on, or too short a log for the window.</exception>
    /// <exception cref="EvaluationDataException">No logged decision in the evaluation period.</exception>
    public Task<EvaluationResult> RunAsync(
        string dataDirectory, string modelDirectory, string? baselineDirectory, string outDirectory, CancellationToken ct = default) =>
        RunAsync(dataDirectory, [], modelDirectory, baselineDirectory, outDirectory, ct);

    /// <summary>
    /// Evaluates on a data folder and the API's decision logs in <paramref name="decisionLogs"/> (folders of
    /// <c>decisions-*.parquet</c>): the logged decisions to send nothing join the events as control rows, for the model
    /// quality rows and the replayed decisions alike, and the report's reproducibility section says what the log added.
    /// </summary>
    /// <exception cref="DataValidationException">An input file, or the decision log, breaks the data contract.</exception>
    /// <exception cref="ModelBundleException">A bundle is missing, damaged, or built for another feature schema.</exception>
    /// <exception cref="TrainingDataException">The log has no decision to validate the models on, or too short a log for the window.</exception>
    /// <exception cref="EvaluationDataException">No logged decision in the evaluation period.</exception>
    public async Task<EvaluationResult> RunAsync(
        string dataDirectory, IReadOnlyList<string> decisionLogs, string modelDirectory, string? baselineDirectory, string outDirectory,
        CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentNullException.ThrowIfNull(decisionLogs);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(outDirectory);
        // A wrong bundle or output path fails in milliseconds, before the log is read.
        ReportFolder.Check(outDirectory);
        ModelBundle.ReadManifest(modelDirectory);
        if (baselineDirectory is not null)
        {
            ModelBundle.ReadManifest(baselineDirectory);
        }

        var inputs = await EvaluationInputs.ReadAsync(dataDirectory, decisionLogs, ct).ConfigureAwait(false);
        var candidate = OpenBundle(modelDirectory, inputs);
        var baseline = baselineDirectory is null ? null : OpenBundle(baselineDirectory, inputs);
        var oraclePath = Path.Combine(inputs.Folder.Directory, OracleParquetWriter.FileName);
        var oracle = File.Exists(oraclePath) ? await OracleParquetReader.ReadAsync(oraclePath, ct).ConfigureAwait(false) : null;

        var notices = new List<ReportWarning>();
        var validationDays = ValidationDays(inputs, candidate, baseline, notices);
        BundleNotices(Candidate, candidate.Bundle.Manifest, notices);
        if (baseline is not null)
        {
            BundleNotices(Baseline, baseline.Bundle.Manifest, notices);
        }

        var candidateSet = await Validation(inputs, candidate.Schema, validationDays, ct).ConfigureAwait(false);
        var candidateQuality = ModelQuality.Analyze(candidate.Bundle, candidateSet, inputs.Profiles, inputs.Catalog, oracle, _options, ct);
        (ModelQuality Propensity, ModelQuality Fatigue)? baselineQuality = null;
        if (baseline is not null)
        {
            var set = baseline.Schema.Hash == candidate.Schema.Hash
                ? candidateSet
                : await Validation(inputs, baseline.Schema, validationDays, ct).ConfigureAwait(false);
            baselineQuality = ModelQuality.Analyze(baseline.Bundle, set, inputs.Profiles, inputs.Catalog, oracle, _options, ct);
        }

        var period = EvaluationPeriod.For(candidateSet.Window, inputs.Catalog);
        var engines = new List<DecisionEngine> { new(candidate.Scorer, _options.ExplorationSeed) };
        if (baseline is not null)
        {
            engines.Add(new DecisionEngine(baseline.Scorer, _options.ExplorationSeed));
        }

        var replay = DecisionReplay.Run(inputs, period, engines, ct, _options.SendTime);
        if (replay.Decisions.Count == 0)
        {
            throw new EvaluationDataException(
                $"{inputs.Folder.EventsPath} has no '{Core.Events.EventTypes.MessageSent}' or '{Core.Events.EventTypes.DecisionNoSend}' event for a catalog message " +
                $"between {period.From:yyyy-MM-dd HH:mm} and {period.Until:yyyy-MM-dd HH:mm}, the decisions whose outcomes are final in the validation window: " +
                "there is nothing to evaluate the policies on. Use a longer log or more --validation-days.");
        }

        if (replay.Counts.ScheduledWithoutDecidedAt > 0)
        {
            notices.Add(new ReportWarning("scheduled_sends_without_decided_at",
                $"{replay.Counts.ScheduledWithoutDecidedAt:N0} scheduled sends carry no decided_at (logged before it existed, or by another system): " +
                "their decision's instant is unknown, so the policies were asked at the send instead" +
                (_options.SendTime is null ? "." : ", and a look-ahead policy weighs them 0 (their send_at is no slot of its look-ahead from there).")));
        }

        var policyNames = baseline is null ? new[] { Candidate } : [Candidate, Baseline];
        var (decisions, propensityKind, estimated) = LoggingPropensities.Complete(replay.Decisions);
        if (estimated > 0)
        {
            notices.Add(new ReportWarning("estimated_logging_propensities",
                $"{estimated:N0} of {decisions.Count:N0} logged decisions carry no logging propensity: the off-policy estimates use an estimate " +
                "(each action's rate of being chosen where it was eligible, normalised over the actions eligible at the decision). It ignores the " +
                "user's context, so IPS, SNIPS and DR may be biased where the logging policy personalised; log 'propensity' on each decision to remove the doubt."));
        }

        var (ope, champion) = OffPolicy(decisions, policyNames, inputs, baseline is not null, notices);
        var report = new EvaluationReport
        {
            Notices = notices,
            Models = new ModelPair(candidateQuality.Propensity.Metrics, candidateQuality.Fatigue.Metrics),
            BaselineModels = baselineQuality is { } bq ? new ModelPair(bq.Propensity.Metrics, bq.Fatigue.Metrics) : null,
            ModelDetails = new ModelDetailsPair(ModelDetails.Of(candidateQuality.Propensity), ModelDetails.Of(candidateQuality.Fatigue)),
            BaselineModelDetails = baselineQuality is { } bd ? new ModelDetailsPair(ModelDetails.Of(bd.Propensity), ModelDetails.Of(bd.Fatigue)) : null,
            OpeSetup = Setup(replay, period, candidate, baseline) with { LoggingPropensities = propensityKind, LookAheadHours = _options.LookAheadHours },
            Ope = ope,
            Suppressions = SuppressionAnalysis.ForPolicy(Candidate, replay.Decisions, 0, period).ByRule,
            SuppressionAnalysis =
            [
                .. policyNames.Select((name, p) => SuppressionAnalysis.ForPolicy(name, replay.Decisions, p, period)),
                SuppressionAnalysis.ForLogging(Logging, replay.Decisions, period),
            ],
            ChampionChallenger = champion,
            Incrementality = Incrementality(inputs, period),
            Segments = ReceptiveSegments.Compute(candidate.Bundle, candidateSet),
            Reproducibility = Reproduce(inputs, candidate, baseline),
        };

        report = report with { Verdict = PlainVerdict.Of(report) };
        if (report.Verdict is not null && PlainVerdict.Unsupported(report).ToArray() is { Length: > 0 } unsupported)
        {
            notices.Add(new ReportWarning("verdict_unsupported_actions",
                "The verdict's doubly robust value rests in part on the reward model alone, where the log shows no outcome of the policy's choices " +
                "(a log without exploration, or one that never sent); its interval does not include that model's error. " + string.Join(" ", unsupported.Select(u => "For the " + u))));
            report = report with { Notices = [.. notices] };
        }

        Directory.CreateDirectory(outDirectory);
        var json = JsonSerializer.Serialize(report, CoreJson.Indented) + "\n";
        await File.WriteAllTextAsync(Path.Combine(outDirectory, ReportJson), json, ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(outDirectory, ReportHtml), HtmlReport.Render(report), ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(outDirectory, SummaryMarkdown), SummaryReport.Render(report), ct).ConfigureAwait(false);
        return new EvaluationResult(
            Path.GetFullPath(outDirectory), replay.Decisions.Count, report.ChampionChallenger?.Headline.Verdict,
            report.Models.Propensity, report.Models.Fatigue, inputs.DecisionLogInput, inputs.DecisionLog?.Read.FilesInProgress ?? 0)
        {
            Notices = [.. notices.Select(n => n.Message)],
        };
    }

    /// <summary>
    /// The validation window in days: the requested one, unless it reaches into rows a bundle was trained on. On the bundle's
    /// own data (same fingerprint) the window is clamped to the bundle's and the report says so; on other data whose dates
    /// overlap the training period the report warns, since the same users' rows may have been trained on.
    /// </summary>
    private int ValidationDays(EvaluationInputs inputs, OpenedBundle candidate, OpenedBundle? baseline, List<ReportWarning> notices)
    {
        var days = _options.ValidationDays;
        foreach (var (name, bundle) in new[] { (Candidate, candidate), (Baseline, baseline) })
        {
            if (bundle is null)
            {
                continue;
            }

            if (_options.WholeLog)
            {
                if (TrainedOn(bundle.Bundle.Manifest, inputs))
                {
                    throw new EvaluationDataException(
                        $"--whole-log measures every decision of {inputs.Folder.Directory}, but the {name} bundle was trained on this very data: it would " +
                        "be scored on its own training rows. Evaluate it on held-out data, or drop --whole-log to use its validation window.");
                }

                continue;
            }

            var w = bundle.Bundle.Manifest.TrainingWindow;
            var trained = (int)Math.Round((w.DataEnd - w.ValidationFrom).TotalDays);
            if (days <= trained)
            {
                continue;
            }

            if (TrainedOn(bundle.Bundle.Manifest, inputs))
            {
                notices.Add(new ReportWarning("validation_days_clamped",
                    $"--validation-days {days} would score rows the {name} bundle was trained on (it validated on the last {trained} days of this " +
                    $"very data, from {w.ValidationFrom:yyyy-MM-dd HH:mm}): the validation window is clamped to {trained} days."));
                days = trained;
            }
            else
            {
                notices.Add(new ReportWarning("validation_overlaps_training",
                    $"--validation-days {days} is longer than the {name} bundle's own validation window ({trained} days); this is other data than it was " +
                    $"trained on, but if it holds the same users before {w.ValidationFrom:yyyy-MM-dd HH:mm}, the model quality figures are flattered."));
            }
        }

        return days;
    }

    private static IncrementalityReport Incrementality(EvaluationInputs inputs, EvaluationPeriod period)
    {
        var holdout = inputs.Catalog.Policy.Holdout;
        if (holdout.Share <= 0)
        {
            return new IncrementalityReport(holdout.Share, holdout.Salt, period.From, period.Until, null,
                "The catalog's holdout share is 0: no user is held out, so nothing measures what messaging adds without a model. " +
                "Set policy.holdout.share (for example 0.05) in catalog.json and serve with it.");
        }

        var lift = HoldoutLift.Estimate(HoldoutOutcomes.Of(inputs, period));
        return new IncrementalityReport(holdout.Share, holdout.Salt, period.From, period.Until, lift,
            lift is null ? "Fewer than two users in the holdout or among the messaged users: no variance to measure with." : null);
    }

    /// <summary>What a bundle was trained without, which the reader must know to read its figures.</summary>
    private static void BundleNotices(string name, BundleManifest manifest, List<ReportWarning> notices)
    {
        if (manifest.Uplift.Source != UpliftSources.RandomizedControl)
        {
            notices.Add(new ReportWarning($"uplift_source_{manifest.Uplift.Source}", $"The {name} bundle's uplift source is {manifest.Uplift.Source}: {manifest.Uplift.Note}"));
        }

        if (manifest.NegativeSampling is { Rate: < 1 } sampling)
        {
            notices.Add(new ReportWarning("negative_sampling",
                $"The {name} bundle's trees were fitted on a weighted sample of the negatives: {sampling.Note}"));
        }

        if (manifest.FatigueNote is { } fatigue)
        {
            notices.Add(new ReportWarning("no_fatigue_model",
                $"The {name} bundle has no fatigue model: {fatigue} Its fatigue figures below score that constant."));
        }

        if (manifest.TimeFeatures is { UsersWithoutZone: > 0 } time)
        {
            notices.Add(new ReportWarning("time_features_in_utc", $"The {name} bundle's time features: {time.Note}"));
        }
    }

    /// <summary>The off-policy rows and the champion/challenger comparison, or none with the reason when the log cannot support them.</summary>
    private (List<OpeRow> Rows, ChampionChallenger? Champion) OffPolicy(
        IReadOnlyList<LoggedDecision> decisions, IReadOnlyList<string> policyNames, EvaluationInputs inputs, bool compare, List<ReportWarning> notices)
    {
        try
        {
            return (OffPolicyRows(decisions, policyNames, inputs), compare ? Compare(decisions, inputs) : null);
        }
        catch (InvalidBanditLogException e)
        {
            notices.Add(new ReportWarning("off_policy_absent",
                $"The off-policy estimates and the champion/challenger verdict are absent: the logged decisions cannot support them ({e.Message}). " +
                "The other sections stand."));
            return ([], null);
        }
    }

    private static OpenedBundle OpenBundle(string directory, EvaluationInputs inputs)
    {
        var manifest = ModelBundle.ReadManifest(directory);
        var schema = FeatureSchema.Create(inputs.Catalog, manifest.FeatureSchemaOptions);
        var bundle = ModelBundle.Load(directory, schema);
        return new OpenedBundle(directory, bundle, schema, new ModelCandidateScorer(bundle, schema));
    }

    private Task<ValidationSet> Validation(EvaluationInputs inputs, FeatureSchema schema, int validationDays, CancellationToken ct) =>
        ValidationSet.BuildAsync(inputs.Folder, inputs.Catalog, inputs.ProfileList, schema, validationDays, inputs.DecisionLog, _options.WholeLog, ct);

    private static OpeSetup Setup(ReplayResult replay, EvaluationPeriod period, OpenedBundle candidate, OpenedBundle? baseline)
    {
        var policies = new List<PolicyInfo>
        {
            new(Candidate, $"the decision engine scoring with the bundle in {candidate.Directory}"),
        };
        if (baseline is not null)
        {
            policies.Add(new(Baseline, $"the decision engine scoring with the bundle in {baseline.Directory}"));
        }

        policies.Add(new(Logging, "the policy that made the logged decisions (its value is the mean observed reward)"));
        return new OpeSetup(
            period.From, period.Until, replay.Decisions.Count, replay.Decisions.Select(d => d.UserId).Distinct(StringComparer.Ordinal).LongCount(),
            replay.Counts.UnknownMessages, replay.Counts.WithoutDecisionId,
            "goal of the logged message within its goal window and before the user's next logged decision for a message with the same goal event; " +
            "value = message value × goal; unsubscribes = unsubscribe or complaint within the fatigue window of a send and before the user's next send (0 for no-send)",
            policies);
    }

    private List<OpeRow> OffPolicyRows(IReadOnlyList<LoggedDecision> decisions, IReadOnlyList<string> policies, EvaluationInputs inputs)
    {
        var rows = new List<OpeRow>();
        var estimators = OffPolicyEstimator.All(_options.OffPolicy());
        foreach (var metric in RewardMetric.All)
        {
            for (var p = 0; p < policies.Count; p++)
            {
                var log = PolicyLogs.ForPolicy(decisions, p, metric, inputs.Catalog);
                rows.AddRange(estimators.Select(e => Row(policies[p], metric, e.Estimate(log))));
            }

            var logging = PolicyLogs.ForLogging(decisions, metric);
            rows.AddRange(estimators.Where(e => e is InverseProbabilityWeighting or SelfNormalizedInverseProbabilityWeighting)
                .Select(e => Row(Logging, metric, e.Estimate(logging))));
        }

        return rows;
    }

    private static OpeRow Row(string policy, RewardMetric metric, OffPolicyEstimate e) => new(
        policy, e.Estimator, metric.Name, e.Value, e.CiLow, e.CiHigh, e.EffectiveSampleSize, e.Decisions, e.Clusters, e.SkippedDecisions,
        e.ClippedDecisions, e.LargestWeight, [.. e.Warnings.Select(w => new ReportWarning(w.Code, w.Message))]);

    private ChampionChallenger Compare(IReadOnlyList<LoggedDecision> decisions, EvaluationInputs inputs)
    {
        var rows = new List<PairedRow>();
        foreach (var metric in RewardMetric.All)
        {
            var challenger = PolicyLogs.ForPolicy(decisions, 0, metric, inputs.Catalog);
            var champion = PolicyLogs.ForPolicy(decisions, 1, metric, inputs.Catalog);
            foreach (var estimator in OffPolicyEstimator.All(_options.OffPolicy()))
            {
                var c = PairedBootstrap.Compare(estimator, challenger, champion, metric.HigherIsBetter);
                rows.Add(new PairedRow(c.Estimator, metric.Name, c.Difference, c.CiLow, c.CiHigh, c.ConfidenceLevel, c.Verdict));
            }
        }

        // Doubly robust on value: unbiased with right propensities whatever the reward model, and value is what the engine maximises.
        var headline = rows.Single(r => r.Estimator == "dr" && r.Metric == RewardMetric.Value.Name);
        return new ChampionChallenger(Candidate, Baseline, headline, rows);
    }

    private Reproducibility Reproduce(EvaluationInputs inputs, OpenedBundle candidate, OpenedBundle? baseline) => new(
        _options.Seed,
        _options.ExplorationSeed,
        _options.BootstrapResamples,
        inputs.DataFingerprint,
        ConfigurationHash(_options),
        CodeVersion(),
        _options,
        candidate.Bundle.Manifest,
        baseline?.Bundle.Manifest,
        TrainedOn(candidate.Bundle.Manifest, inputs),
        baseline is null ? null : TrainedOn(baseline.Bundle.Manifest, inputs),
        inputs.DecisionLogInput);

    /// <summary>The same data folder, and the same decision log or none on both sides.</summary>
    private static bool TrainedOn(BundleManifest manifest, EvaluationInputs inputs) =>
        manifest.DataFingerprint == inputs.DataFingerprint && manifest.DecisionLog?.Fingerprint == inputs.DecisionLogInput?.Fingerprint;

    /// <summary>SHA-256 of the options' canonical JSON (snake_case, declaration order, no whitespace).</summary>
    internal static string ConfigurationHash(EvaluationOptions options) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(options, CoreJson.Options)));

    private static string CodeVersion() =>
        typeof(EvaluationJob).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private sealed record OpenedBundle(string Directory, ModelBundle Bundle, FeatureSchema Schema, ModelCandidateScorer Scorer);
}

/// <summary>Where the report went and its headline numbers, for the command to print.</summary>
/// <param name="Verdict">The champion/challenger verdict on value (doubly robust); null without a baseline.</param>
/// <param name="DecisionLog">What the decision log added; null without one.</param>
/// <param name="DecisionLogFilesInProgress">Log files still being written (<c>*.parquet.tmp</c>), left out.</param>
public sealed record EvaluationResult(
    string OutDirectory, int Decisions, string? Verdict, ModelMetrics Propensity, ModelMetrics Fatigue, DecisionLogInput? DecisionLog = null,
    long DecisionLogFilesInProgress = 0)
{
    /// <summary>The report's notices (fallbacks, estimates, clamped windows), for the command to print.</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];
}
