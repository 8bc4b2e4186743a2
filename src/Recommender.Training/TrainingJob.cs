using System.Globalization;
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
    public Task<TrainingResult> RunAsync(
        string dataDirectory, IReadOnlyList<string> decisionLogs, string bundleDirectory, IProgress<TrainingProgress>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentNullException.ThrowIfNull(decisionLogs);
        ArgumentException.ThrowIfNullOrWhiteSpace(bundleDirectory);
        return RunAsync(dataDirectory, decisionLogs, null, bundleDirectory, progress, ct);
    }

    /// <summary>
    /// Trains on the example shards in <paramref name="examplesDirectory"/> (<c>features --partition i/N</c>, all N of
    /// them, built from <paramref name="dataDirectory"/>) instead of replaying the events: the same bundle as
    /// <see cref="RunAsync(string, string, IProgress{TrainingProgress}?, CancellationToken)"/> on that folder, with the
    /// replay spread over the machines that built the shards. The data folder still gives the catalog, the schema and
    /// the fingerprint the shards are checked against.
    /// </summary>
    /// <exception cref="TrainingDataException">The shards are incomplete or do not match the data, or the data cannot give a trustworthy model.</exception>
    /// <exception cref="DataValidationException">An input file breaks the data contract.</exception>
    public Task<TrainingResult> RunOnShardsAsync(
        string dataDirectory, string examplesDirectory, string bundleDirectory, IProgress<TrainingProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(examplesDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(bundleDirectory);
        if (_options.UpliftSource == UpliftSource.NotChosen)
        {
            throw new TrainingDataException(
                "--uplift-source not-chosen needs the replay's not-chosen rows, which example shards do not hold. Train on the data folder alone (without --examples), or choose another --uplift-source.");
        }

        return RunAsync(dataDirectory, [], examplesDirectory, bundleDirectory, progress, ct);
    }

    private async Task<TrainingResult> RunAsync(
        string dataDirectory, IReadOnlyList<string> decisionLogs, string? examplesDirectory, string bundleDirectory, IProgress<TrainingProgress>? progress,
        CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        BundleWriter.CheckTarget(bundleDirectory); // again when writing: the folder may change while training runs

        progress?.Report(new(TrainingPhase.ReadingInputs));
        var inputs = await TrainingInputs.ReadAsync(
            dataDirectory, decisionLogs, null, SchemaInference.DefaultTopEventTypes, _options.TimeAndChannelFeatures, ct).ConfigureAwait(false);
        var (folder, catalog, profiles, schema) = inputs;

        // Decided from the events table's footers, before the replay, so that the thinned rows never take memory; the
        // same with and without example shards, which come from the same table.
        var sampling = NegativeSamplingChoice.For(_options, await EventTableInfo.CountRowsAsync(folder.EventsPath, ct).ConfigureAwait(false));
        var sampler = sampling.Sampler(_options);

        progress?.Report(new(TrainingPhase.BuildingExamples));
        var problems = new TrainingProblems();
        var sourceChoice = _options.UpliftSource;
        var (table, examples) = examplesDirectory is null
            ? await ExampleTableBuilder.BuildAsync(
                folder, catalog, schema, profiles, inputs.DecisionLog, sourceChoice == UpliftSource.NotChosen ? _options.NotChosenPerDecision : 0, _options.Seed,
                sampler, progress, ct)
                .ConfigureAwait(false)
            : await ExampleShardReader.ReadAsync(
                examplesDirectory, schema, await DataFingerprint.ComputeAsync(folder, ct).ConfigureAwait(false), sampler?.Invoke(), ct).ConfigureAwait(false);
        TrainingChecks.Inputs(catalog, examples, folder.EventsPath, problems);
        if (examples.Examples.Treatment == 0)
        {
            problems.ThrowIfAny();
        }

        TrainingWindow window;
        try
        {
            window = TrainingWindows.For(examples.Read.MinTimestamp!.Value, examples.Read.MaxTimestamp!.Value, _options.ValidationDays);
            table.Sampler?.CheckWindow(window.ValidationFrom);
        }
        catch (TrainingDataException e)
        {
            // Without a window no rows can be placed: report it with whatever else was found so far.
            problems.Add(e.Message);
            problems.ThrowIfAny();
            throw;
        }

        // What identifies P(goal | send nothing): enough hold-outs, else the messages the log's decisions passed over.
        var uplift = UpliftChoice.FromHoldouts(table, window, catalog, _options, problems);
        if (uplift.Source == UpliftSource.NotChosen && examples.Examples.NotChosen == 0)
        {
            if (examplesDirectory is not null)
            {
                throw new TrainingDataException(
                    $"{uplift.Note}: too few hold-outs to identify P(goal | send nothing), and the rest of it comes from a replay with not-chosen rows, which example shards do not hold. " +
                    "Train on the data folder alone (without --examples), or pass --uplift-source none for response mode.");
            }

            progress?.Report(new(TrainingPhase.BuildingExamples));
            (table, examples) = await ExampleTableBuilder.BuildAsync(
                folder, catalog, schema, profiles, inputs.DecisionLog, _options.NotChosenPerDecision, _options.Seed, sampler, progress, ct).ConfigureAwait(false);
            table.Sampler?.CheckWindow(window.ValidationFrom);
            uplift = UpliftChoice.FromNotChosen(table, window, catalog, _options, uplift);
        }

        var twoModels = _options.Uplift == UpliftMethod.TwoModels && uplift.Source != UpliftSource.None;
        var goalRows = uplift.GoalRows;
        var propensityRows = twoModels ? goalRows.Where(table.IsTreatment) : goalRows;
        var controlRows = twoModels ? goalRows.Where(i => !table.IsTreatment(i)) : null;
        var fatigueRows = ModelRows.ForFatigue(table, window, catalog, _options);
        Func<int, bool> goal = i => table.LabelGoal(i), unsubscribe = i => table.LabelUnsubscribe(i);
        var goalWindow = string.Create(CultureInfo.InvariantCulture, $"the message's goal within its goal window (up to {catalog.Messages.Max(m => m.GoalWindowHours):0.#} h)");
        TrainingChecks.Rows("propensity", goalWindow, propensityRows, goal, _options, window, problems);
        if (controlRows is not null)
        {
            TrainingChecks.Rows("control", "the message's goal within its goal window without the message", controlRows, goal, _options, window, problems);
        }

        var fatigueLabel = string.Create(CultureInfo.InvariantCulture, $"an unsubscribe or complaint within {catalog.Policy.FatigueWindowHours:0.#} h of a send");
        var fatigueShortfall = TrainingChecks.Shortfall("fatigue", fatigueLabel, fatigueRows, unsubscribe, _options, window);
        problems.ThrowIfAny();

        var trainer = new BinaryModelTrainer(_options);
        var weights = uplift.Source == UpliftSource.NotChosen && _options.WeightByPropensity
            ? PropensityWeights.Compute(table, [.. goalRows.Fit], trainer, _options.Control)
            : null;

        // A row the negative sample kept stands for 1 / rate rows, on top of any propensity weight.
        var sampled = table.Sampler is null ? null : new Func<int, float>(table.Weight);
        var goalWeight = weights is null ? sampled : sampled is null ? weights.Of : i => weights.Of(i) * table.Weight(i);
        progress?.Report(new(TrainingPhase.TrainingPropensity));
        var propensity = trainer.Train("propensity", _options.Propensity, table, propensityRows, goal, goalWeight);
        TrainedModel? control = null;
        if (controlRows is not null)
        {
            progress?.Report(new(TrainingPhase.TrainingControl));
            control = trainer.Train("control", _options.Control, table, controlRows, goal, goalWeight);
        }

        var goalModel = new GoalModel(propensity, control);
        TrainedModel? fatigue = null;
        if (fatigueShortfall is null)
        {
            progress?.Report(new(TrainingPhase.TrainingFatigue));
            try
            {
                fatigue = trainer.Train("fatigue", _options.Fatigue, table, fatigueRows, unsubscribe, sampled);
            }
            catch (TrainingDataException e)
            {
                // A fatigue model that ranks new users backwards is worse than none; the prior still prices fatigue in.
                fatigueShortfall = e.Message;
            }
        }

        // The propensity metrics cover sends and control decisions alike, each scored in its own arm, whichever
        // model answers that arm: the question the decision rule asks of the goal models as a whole.
        progress?.Report(new(TrainingPhase.Evaluating));
        var oraclePath = Path.Combine(folder.Directory, OracleParquetWriter.FileName);
        var oracle = File.Exists(oraclePath) ? await OracleParquetReader.ReadAsync(oraclePath, ct).ConfigureAwait(false) : null;
        var fatigueMetrics = fatigue is null
            ? ModelEvaluator.Evaluate(Constant(_options.FatiguePrior, fatigueRows.Validation.Length), fatigueRows.Validation, unsubscribe, null)
            : ModelEvaluator.Evaluate(fatigue.Predict(table, fatigueRows.Validation), fatigueRows.Validation, unsubscribe, oracle is null ? null : i => Oracle(oracle, table, i)?.Unsubscribe);
        var metrics = new BundleMetrics(
            ModelEvaluator.Evaluate(goalModel.PredictLogged(table, goalRows.Validation), goalRows.Validation, goal, oracle is null ? null : i => Oracle(oracle, table, i)?.Goal),
            fatigueMetrics,
            uplift.Source == UpliftSource.None
                ? null
                : ModelEvaluator.Uplift(goalModel, table, goalRows.Validation, oracle is null ? null : i => Oracle(oracle, table, i)?.Uplift));

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
                fatigue is null ? null : BundleWriter.Describe("fatigue", fatigue, fatigueRows, unsubscribe),
                control is null ? null : BundleWriter.Describe("control", control, controlRows!, goal)),
            Uplift = uplift.Describe(table, weights),
            FatiguePrior = fatigue is null ? _options.FatiguePrior : null,
            FatigueNote = fatigueShortfall is null ? null : string.Create(CultureInfo.InvariantCulture, $"{fatigueShortfall} Decisions use P(unsubscribe | send) = {_options.FatiguePrior} for every message (--fatigue-prior)."),
            Parameters = _options.ToJson(),
            DecisionLog = examples.DecisionLog,
            NegativeSampling = sampling.Describe(table),
            TimeFeatures = schema.Options.TimeAndChannel ? TimeFeatureZones.Describe(table.Users, profiles) : null,
        };
        await BundleWriter.WriteAsync(bundleDirectory, manifest, propensity, fatigue, control, ct).ConfigureAwait(false);
        progress?.Report(new(TrainingPhase.Done));
        return new TrainingResult(Path.GetFullPath(bundleDirectory), manifest, examples, stopwatch.Elapsed, inputs.DecisionLog?.Read);
    }

    private static double[] Constant(double value, int count)
    {
        var values = new double[count];
        Array.Fill(values, value);
        return values;
    }

    /// <summary>The truth for a row: P(its goal label) in its own arm, P(unsubscribe | send), and the uplift.</summary>
    private static (double Goal, double Unsubscribe, double Uplift)? Oracle(IReadOnlyDictionary<string, OracleRow> oracle, ExampleTable table, int row) =>
        table.DecisionId(row) is { } id && oracle.TryGetValue(id, out var truth)
            ? (table.IsTreatment(row) ? truth.GoalIfSent : truth.GoalIfNotSent, truth.Unsubscribe, truth.GoalIfSent - truth.GoalIfNotSent)
            : null;

    private static string CodeVersion() =>
        typeof(TrainingJob).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
