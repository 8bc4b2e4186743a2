using System.Diagnostics;
using System.Reflection;
using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Data;
using Recommender.Data.Oracle;
using Recommender.Models;
using Recommender.Models.Manifest;
using Recommender.Training.Bundles;
using Recommender.Training.Examples;
using Recommender.Training.Learners;

namespace Recommender.Training;

/// <summary>
/// <c>recommender train</c>: builds the examples of a data folder, trains the propensity model (P(goal | user,
/// message, send or not), on sends and control rows) and the fatigue model (P(unsubscribe or complaint | send), on
/// sends), calibrates both on held-out users, measures both on the last days of the log and writes a model bundle.
/// </summary>
public sealed class TrainingJob
{
    private readonly TrainingOptions _options;
    private readonly TimeProvider _time;

    public TrainingJob(TrainingOptions? options = null, TimeProvider? time = null)
    {
        _options = options ?? new TrainingOptions();
        _options.Validate();
        _time = time ?? TimeProvider.System;
    }

    /// <exception cref="TrainingDataException">The data cannot give a trustworthy model; the message says why.</exception>
    /// <exception cref="DataValidationException">An input file breaks the data contract.</exception>
    public Task<TrainingResult> RunAsync(
        string dataDirectory, string bundleDirectory, IProgress<TrainingProgress>? progress = null, CancellationToken ct = default) =>
        RunAsync(dataDirectory, [], bundleDirectory, progress, ct);

    /// <summary>
    /// Trains on a data folder and the API's decision logs in <paramref name="decisionLogs"/> (folders of
    /// <c>decisions-*.parquet</c>): the logged decisions to send nothing join the events as control rows
    /// (<see cref="DecisionLogEvents"/>), and the manifest's <c>decision_log</c> says what the log contributed.
    /// </summary>
    /// <exception cref="TrainingDataException">The data cannot give a trustworthy model; the message says why.</exception>
    /// <exception cref="DataValidationException">An input file, or the decision log, breaks the data contract.</exception>
    public async Task<TrainingResult> RunAsync(
        string dataDirectory, IReadOnlyList<string> decisionLogs, string bundleDirectory, IProgress<TrainingProgress>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentNullException.ThrowIfNull(decisionLogs);
        ArgumentException.ThrowIfNullOrWhiteSpace(bundleDirectory);
        var stopwatch = Stopwatch.StartNew();

        progress?.Report(new(TrainingPhase.ReadingInputs));
        var inputs = await TrainingInputs.ReadAsync(dataDirectory, decisionLogs, ct).ConfigureAwait(false);
        var (folder, catalog, profiles, schema) = inputs;

        progress?.Report(new(TrainingPhase.BuildingExamples));
        var (table, examples) = await ExampleTableBuilder.BuildAsync(folder, catalog, schema, profiles, inputs.DecisionLog, progress, ct).ConfigureAwait(false);
        TrainingChecks.Inputs(catalog, examples, folder.EventsPath);
        var window = TrainingWindows.For(examples.Read.MinTimestamp!.Value, examples.Read.MaxTimestamp!.Value, _options.ValidationDays);

        var twoModels = _options.Uplift == UpliftMethod.TwoModels;
        var goalRows = ModelRows.ForGoal(table, window, catalog, _options);
        var propensityRows = twoModels ? goalRows.Where(table.IsTreatment) : goalRows;
        var controlRows = twoModels ? goalRows.Where(i => !table.IsTreatment(i)) : null;
        var fatigueRows = ModelRows.ForFatigue(table, window, catalog, _options);
        Func<int, bool> goal = i => table.LabelGoal[i], unsubscribe = i => table.LabelUnsubscribe[i];
        TrainingChecks.Rows("propensity", "the message's goal within its goal window", propensityRows, goal, _options);
        if (controlRows is not null)
        {
            TrainingChecks.Rows("control", "the message's goal within its goal window after a 'decision_no_send'", controlRows, goal, _options);
        }

        TrainingChecks.Rows("fatigue", $"an unsubscribe or complaint within {catalog.Policy.FatigueWindowHours:0.#} h of a send", fatigueRows, unsubscribe, _options);

        var trainer = new BinaryModelTrainer(_options);
        progress?.Report(new(TrainingPhase.TrainingPropensity));
        var propensity = trainer.Train("propensity", _options.Propensity, table, propensityRows, goal);
        TrainedModel? control = null;
        if (controlRows is not null)
        {
            progress?.Report(new(TrainingPhase.TrainingControl));
            control = trainer.Train("control", _options.Control, table, controlRows, goal);
        }

        var goalModel = new GoalModel(propensity, control);
        progress?.Report(new(TrainingPhase.TrainingFatigue));
        var fatigue = trainer.Train("fatigue", _options.Fatigue, table, fatigueRows, unsubscribe);

        // The propensity metrics cover sends and control decisions alike, each scored in its own arm, whichever
        // model answers that arm: the question the decision rule asks of the goal models as a whole.
        progress?.Report(new(TrainingPhase.Evaluating));
        var oraclePath = Path.Combine(folder.Directory, OracleParquetWriter.FileName);
        var oracle = File.Exists(oraclePath) ? await OracleParquetReader.ReadAsync(oraclePath, ct).ConfigureAwait(false) : null;
        var metrics = new BundleMetrics(
            ModelEvaluator.Evaluate(goalModel.PredictLogged(table, goalRows.Validation), goalRows.Validation, goal, oracle is null ? null : i => Oracle(oracle, table, i)?.Goal),
            ModelEvaluator.Evaluate(fatigue.Predict(table, fatigueRows.Validation), fatigueRows.Validation, unsubscribe, oracle is null ? null : i => Oracle(oracle, table, i)?.Unsubscribe),
            ModelEvaluator.Uplift(goalModel, table, goalRows.Validation, oracle is null ? null : i => Oracle(oracle, table, i)?.Uplift));

        progress?.Report(new(TrainingPhase.WritingBundle));
        var manifest = new BundleManifest
        {
            FormatVersion = BundleManifest.CurrentFormatVersion,
            CreatedAt = _time.GetUtcNow(),
            CodeVersion = CodeVersion(),
            FeatureSchemaHash = schema.Hash,
            FeatureNames = schema.Names,
            FeatureSchemaOptions = schema.Options,
            ModelInputs = [.. schema.Names, BundleManifest.TreatmentInput],
            TrainingWindow = window,
            DataFingerprint = await DataFingerprint.ComputeAsync(folder, ct).ConfigureAwait(false),
            Data = new BundleData(examples.Users, examples.Events, examples.Examples.Treatment, examples.Examples.Control, oracle is not null),
            Metrics = metrics,
            Models = new BundleModels(
                BundleWriter.Describe("propensity", propensity, propensityRows, goal),
                BundleWriter.Describe("fatigue", fatigue, fatigueRows, unsubscribe),
                control is null ? null : BundleWriter.Describe("control", control, controlRows!, goal)),
            Parameters = _options.ToJson(),
            DecisionLog = examples.DecisionLog,
        };
        await BundleWriter.WriteAsync(bundleDirectory, manifest, propensity, fatigue, control, ct).ConfigureAwait(false);
        progress?.Report(new(TrainingPhase.Done));
        return new TrainingResult(Path.GetFullPath(bundleDirectory), manifest, examples, stopwatch.Elapsed, inputs.DecisionLog?.Read);
    }

    /// <summary>The truth for a row: P(its goal label) in its own arm, P(unsubscribe | send), and the uplift.</summary>
    private static (double Goal, double Unsubscribe, double Uplift)? Oracle(IReadOnlyDictionary<string, OracleRow> oracle, ExampleTable table, int row) =>
        table.DecisionIds[row] is { } id && oracle.TryGetValue(id, out var truth)
            ? (table.IsTreatment(row) ? truth.GoalIfSent : truth.GoalIfNotSent, truth.Unsubscribe, truth.GoalIfSent - truth.GoalIfNotSent)
            : null;

    private static string CodeVersion() =>
        typeof(TrainingJob).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
