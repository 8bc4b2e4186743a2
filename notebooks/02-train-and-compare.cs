// 02-train-and-compare: the retraining loop of a data scientist. Builds the labelled training examples of a data
// folder, trains a bundle with a different uplift method than the shipped one (two models instead of one model with a
// send / no-send input), and measures it side by side with the shipped bundle models/sample through the evaluation
// job: model metrics, reliability diagrams, permutation importance, and each policy's value off-policy with the
// champion/challenger verdict. Every step is the job class the `recommender` command runs (FeaturesJob, TrainingJob,
// EvaluationJob), so the numbers are the ones `recommender features`, `train` and `evaluate` print.
//
// Run it from the repository root (the first run builds for a minute or so; the run itself takes about half a minute):
//   dotnet run -c Release notebooks/02-train-and-compare.cs -- --data data-samples --baseline models/sample
// It writes notebooks/rendered/02-train-and-compare.md and its charts in notebooks/rendered/02-train-and-compare/
// (--out DIR writes them elsewhere). The bundle it trains lives in a temporary folder and is deleted at the end.
#:project ../src/Recommender.Training/Recommender.Training.csproj
#:project ../src/Recommender.Evaluation/Recommender.Evaluation.csproj
#:project Recommender.Notebooks/Recommender.Notebooks.csproj
#:package Parquet.Net
// File-based apps default to native AOT, whose trimming analysers flag reflection, and the repository turns warnings
// into errors (Directory.Build.props): notebooks are run, never published, so AOT is off.
#:property PublishAot=false

using System.Diagnostics;
using System.Text.Json.Nodes;
using Parquet;
using Recommender.Evaluation;
using Recommender.Models;
using Recommender.Notebooks;
using Recommender.Training;
using ScottPlot;

return await Notebook.RunAsync("02-train-and-compare", args,
    [new("--baseline", "models/sample", "the bundle to compare the new one with", IsPath: true)],
    async nb =>
{
    var page = nb.Page;
    var baseline = nb.PathOf("--baseline");
    var baselineLabel = nb.Label("--baseline");
    page.Heading("Training a bundle and comparing it with the shipped one", 1);
    page.Text($"""
        The retraining loop on `{nb.DataLabel}`: build the labelled examples, train a bundle, and measure it side by side
        with `{baselineLabel}` on the same validation rows and the same logged decisions. The new bundle learns
        P(goal | send nothing) with a separate control model (`--uplift two-models`), where the shipped one uses one
        model with a send / no-send input. Every step is the job the `recommender` command runs, so this page is the
        notebook form of:
        """);
    page.Code($"""
        recommender features --data {nb.DataLabel} --out out/examples.parquet
        recommender train --data {nb.DataLabel} --out out/two-models --seed 7 --uplift two-models
        recommender evaluate --data {nb.DataLabel} --model out/two-models --baseline {baselineLabel} --out out/report
        """);
    page.Text("Reproduce the page with:");
    page.Code($"dotnet run -c Release notebooks/{nb.Name}.cs -- --data {nb.DataLabel} --baseline {baselineLabel}");

    // ---------------------------------------------------------------------------------------------------------------
    page.Heading("1. Training examples");
    var clock = Stopwatch.StartNew();
    var features = await FeaturesJob.OpenAsync(nb.Data);
    var examplesFile = Path.Combine(nb.Temp, "examples.parquet");
    var examples = await features.WriteAsync(examplesFile);
    var arms = await ReadArmsAsync(examplesFile);
    page.Text($"""
        One row per logged decision: {Fmt.N(examples.Examples.Treatment)} sends and {Fmt.N(examples.Examples.Control)}
        decisions held out as control (`decision_no_send`), from {Fmt.N(examples.Events)} events of {Fmt.N(examples.Users)}
        users. Each row holds the user's features as of the decision's instant (events strictly before it, through the same
        fold the API runs on live events), the message's features, and two labels: the message's goal within its goal
        window, and an opt-out within the fatigue window.
        """);
    page.Table(["arm", "rows", "goal label", "opt-out label"],
        arms.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (IReadOnlyList<string>)[a.Key, Fmt.N(a.Value.Rows), Fmt.P((double)a.Value.Goals / a.Value.Rows), Fmt.P((double)a.Value.OptOuts / a.Value.Rows)]));
    var groups = features.Schema.Names.GroupBy(n => n.Split('.')[0]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToArray();
    page.Text($"{features.Schema.Count} features, by group (the prefix of their name; [docs/features.md](../../docs/features.md) defines each):");
    page.Table(["group", "features", "for example"],
        groups.Select(g => (IReadOnlyList<string>)[$"`{g.Key}`", Fmt.N(g.Count()), string.Join(", ", g.Take(3).Select(n => $"`{n}`"))]), "lrl");
    page.Timing($"Building the examples took {clock.Elapsed.TotalSeconds:F1} s.");

    // ---------------------------------------------------------------------------------------------------------------
    page.Heading("2. Training");
    clock.Restart();
    var bundle = Path.Combine(nb.Temp, "two-models");
    // A fixed clock: the manifest's created_at is the only input that is not the data or the options, so the bundle
    // is the same bytes on every run.
    var trained = await new TrainingJob(new TrainingOptions { Seed = 7, Uplift = UpliftMethod.TwoModels }, new FixedClock(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)))
        .RunAsync(nb.Data, bundle);
    var manifest = trained.Manifest;
    var window = manifest.TrainingWindow;
    page.Text($"""
        Trained on {Fmt.T(window.DataStart)} to {Fmt.T(window.ValidationFrom)}, validated on the {Math.Round((window.DataEnd - window.ValidationFrom).TotalDays):0}
        days after (the rows whose label window closed by the end of the log). Uplift source: `{manifest.Uplift.Source}`,
        {manifest.Uplift.Note.TrimEnd('.')}. The bundle holds {(manifest.Models.Control is null ? "two" : "three")} models:
        {string.Join("; ", new[] { ("propensity", manifest.Models.Propensity), ("control", manifest.Models.Control), ("fatigue", manifest.Models.Fatigue) }.Where(m => m.Item2 is not null)
            .Select(m => $"{m.Item1}: {m.Item2!.Trees} trees fitted on {Fmt.N(m.Item2.FitRows)} rows ({Fmt.N(m.Item2.FitPositives)} positive) and calibrated on {Fmt.N(m.Item2.CalibrationRows)} rows of other users"))}.
        """);
    page.Timing($"Training took {clock.Elapsed.TotalSeconds:F1} s.");

    // ---------------------------------------------------------------------------------------------------------------
    page.Heading($"3. Side by side with `{baselineLabel}`");
    clock.Restart();
    var reportFolder = Path.Combine(nb.Temp, "report");
    await new EvaluationJob(new EvaluationOptions { Seed = 7 }).RunAsync(nb.Data, bundle, baseline, reportFolder);
    var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(reportFolder, EvaluationJob.ReportJson)))!;
    page.Text($"""
        `recommender evaluate` measured both bundles on the same validation rows and replayed each through the decision
        engine at the {Fmt.N((long)report["ope_setup"]!["decisions"]!)} logged decisions of the evaluation period
        ({Fmt.N((long)report["ope_setup"]!["users"]!)} users). Its `report.json` holds every number below.
        """);
    foreach (var notice in report["notices"]!.AsArray())
    {
        page.Text($"> **Note** ({notice!["code"]}): {notice["message"]}");
    }

    page.Heading("Model quality on the validation rows", 3);
    string[] metrics = ["auc", "pr_auc", "log_loss", "brier", "ece"];
    page.Table(["model", "bundle", "rows", "positives", "AUC", "PR-AUC", "log-loss", "Brier", "ECE"],
        new[] { "propensity", "fatigue" }.SelectMany(model => new[] { ("two-models (new)", "models"), (baselineLabel, "baseline_models") }
            .Select(b => report[b.Item2]![model]!)
            .Zip(new[] { "two-models (new)", $"`{baselineLabel}`" }, (m, name) => (IReadOnlyList<string>)
            [
                model, name, Fmt.N((long)m["rows"]!), Fmt.N((long)m["positives"]!),
                .. metrics.Select(k => Fmt.F((double?)m[k])),
            ])),
        "llrrrrrrr");
    page.Text("""
        The propensity rows are sends and held-out decisions, each scored in its own arm, whichever model answers that arm:
        the question the decision rule asks of the goal models as a whole. Both bundles train the fatigue model the same
        way, so its rows match. ECE is the expected calibration error over ten equal-width bins, the bins of the diagrams.
        """);
    foreach (var model in new[] { "propensity", "fatigue" })
    {
        var plot = Plots.New($"Reliability: {model} model", "mean predicted probability", "observed rate");
        var diagonal = plot.Add.Line(0, 0, 1, 1);
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.Color = Colors.Gray;
        diagonal.LegendText = "perfectly calibrated";
        var top = 0.0;
        foreach (var (section, name, shape) in new[] { ("model_details", "two-models (new)", MarkerShape.FilledCircle), ("baseline_model_details", baselineLabel, MarkerShape.OpenSquare) })
        {
            var bins = report[section]![model]!["reliability"]!.AsArray().Where(b => (long)b!["rows"]! > 0).ToArray();
            var xs = bins.Select(b => (double)b!["mean_predicted"]!).ToArray();
            var ys = bins.Select(b => (double)b!["observed_rate"]!).ToArray();
            top = Math.Max(top, Math.Max(xs.Max(), ys.Max()));
            var points = plot.Add.ScatterLine(xs, ys);
            points.MarkerShape = shape;
            points.MarkerSize = 8;
            points.LegendText = name;
        }

        // Fatigue probabilities stay low: zooming on the range they use keeps the bins apart.
        var limit = Math.Min(1, Math.Ceiling(top * 10 + 0.5) / 10);
        plot.Axes.SetLimits(0, limit, 0, limit);
        plot.ShowLegend(Alignment.UpperLeft);
        page.Chart($"reliability-{model}", plot, $"Reliability diagram of the {model} model, new bundle and {baselineLabel}: observed rate against mean predicted probability per bin", width: 520, height: 440);
    }

    page.Heading("What the propensity model relies on", 3);
    var importance = report["model_details"]!["propensity"]!["permutation_importance"]!.AsArray().Take(12).ToArray();
    var baselineRanks = report["baseline_model_details"]!["propensity"]!["permutation_importance"]!.AsArray()
        .Select((f, i) => ((string)f!["feature"]!, i + 1)).ToDictionary(f => f.Item1, f => f.Item2, StringComparer.Ordinal);
    page.Text("""
        Permutation importance on the validation rows: the drop in AUC when one feature's column is shuffled (on a seeded
        sample of 2,000 rows). Correlated features share their importance, so a low rank does not mean a feature is unused.
        """);
    page.Table(["rank", "feature", "AUC drop", $"rank in `{baselineLabel}`"],
        importance.Select((f, i) => (IReadOnlyList<string>)[(i + 1).ToString(), $"`{f!["feature"]}`", Fmt.F((double)f["auc_drop"]!),
            baselineRanks.TryGetValue((string)f["feature"]!, out var r) ? r.ToString() : "below 20"]),
        "rlrr");
    page.Chart("importance",
        Plots.Bars("Permutation importance: propensity model (new)", "AUC drop when shuffled",
            [.. importance.Select(f => (string)f!["feature"]!)], [.. importance.Select(f => (double)f!["auc_drop"]!)], horizontal: true),
        "Horizontal bars: AUC drop per feature when shuffled, top 12 features of the new propensity model", width: 760, height: 60 + 26 * importance.Length);

    page.Heading("Each policy's value, off-policy", 3);
    var ope = report["ope"]!.AsArray().Select(o => o!).ToArray();
    string PolicyName(string policy) => policy switch
    {
        "candidate" => "two-models (new)",
        "baseline" => baselineLabel,
        _ => "the logging policy (the log itself)",
    };
    page.Text("""
        Each bundle's decision engine replayed at every logged decision (same instant, same decision id, so exploration
        replays too) and valued from the log: value (goal value credited to the decision) per decision, goals per decision
        and unsubscribes per decision, each with its 95 % bootstrap interval over users. IPS and SNIPS reweight the logged
        outcomes, DM trusts a reward model, DR combines both; [docs/evaluation.md](../../docs/evaluation.md) explains each.
        """);
    page.Table(["policy", "estimator", "value per decision", "goals per decision", "unsubscribes per decision"],
        ope.GroupBy(o => ((string)o["policy"]!, (string)o["estimator"]!)).Select(g => (IReadOnlyList<string>)
        [
            PolicyName(g.Key.Item1), g.Key.Item2.ToUpperInvariant(),
            .. new[] { "value", "goals", "unsubscribes" }.Select(metric => g.FirstOrDefault(o => (string)o["metric"]! == metric) is { } o
                ? $"{Fmt.F((double)o["value"]!, metric == "value" ? 3 : 4)} ({Fmt.F((double)o["ci_low"]!, metric == "value" ? 3 : 4)} to {Fmt.F((double)o["ci_high"]!, metric == "value" ? 3 : 4)})"
                : "–"),
        ]),
        "llrrr");
    var valueRows = ope.Where(o => (string)o["metric"]! == "value").ToArray();
    var chart = Plots.New("Value per decision, 95 % intervals", "", "value per decision");
    var positions = valueRows.Select((_, i) => (double)i).ToArray();
    var values = valueRows.Select(o => (double)o["value"]!).ToArray();
    var dots = chart.Add.Scatter(positions, values);
    dots.LineWidth = 0;
    dots.MarkerSize = 8;
    var bars = chart.Add.ErrorBar(positions, values, [.. valueRows.Select(o => (double)o["value"]! - (double)o["ci_low"]!)]);
    bars.YErrorPositive = [.. valueRows.Select(o => (double)o["ci_high"]! - (double)o["value"]!)];
    bars.Color = dots.Color;
    Plots.CategoryTicks(chart, positions, [.. valueRows.Select(o => $"{((string)o["policy"]! == "candidate" ? "new" : (string)o["policy"]!)} {((string)o["estimator"]!).ToUpperInvariant()}")]);
    page.Chart("policy-value", chart, "Dots with error bars: value per decision of each policy by estimator, with 95 % intervals", width: 760, height: 420);

    if (report["champion_challenger"] is JsonObject cc)
    {
        var h = cc["headline"]!;
        page.Text($"""
            **Verdict** (the new bundle against `{baselineLabel}` on value, doubly robust, paired bootstrap over users):
            **{((string)h["verdict"]!).Replace('_', ' ')}**, a difference of {Fmt.F((double)h["difference"]!, 4)} per decision
            (95 % interval {Fmt.F((double)h["ci_low"]!, 4)} to {Fmt.F((double)h["ci_high"]!, 4)}). Every comparison:
            """);
        page.Table(["estimator", "metric", "new minus shipped", "95 % interval", "verdict"],
            cc["comparisons"]!.AsArray().Select(c => (IReadOnlyList<string>)
            [
                ((string)c!["estimator"]!).ToUpperInvariant(), (string)c["metric"]!, Fmt.F((double)c["difference"]!, 4),
                $"{Fmt.F((double)c["ci_low"]!, 4)} to {Fmt.F((double)c["ci_high"]!, 4)}", ((string)c["verdict"]!).Replace('_', ' '),
            ]),
            "llrrl");
    }

    page.Timing($"Evaluating both bundles took {clock.Elapsed.TotalSeconds:F1} s.");
    page.Heading("Reading it");
    var newAuc = (double)report["models"]!["propensity"]!["auc"]!;
    var oldAuc = (double)report["baseline_models"]!["propensity"]!["auc"]!;
    page.Text($"""
        The new bundle's propensity AUC is {Fmt.F(newAuc)} against {Fmt.F(oldAuc)} for `{baselineLabel}`
        ({(newAuc >= oldAuc ? "higher" : "lower")} by {Fmt.F(Math.Abs(newAuc - oldAuc))}).
        {(report["champion_challenger"]?["headline"]?["verdict"]?.GetValue<string>() == "better"
            ? "Off-policy, it creates more value per decision than the shipped bundle: a candidate to promote."
            : "Off-policy, the evaluation cannot tell it is better than the shipped bundle, so the shipped one stays; a larger log (more users, more days) narrows the intervals.")}
        To promote a bundle, train it into `models/` with `recommender train` and serve it (`POST /v1/models/reload`).
        """);
});

// The rows per arm of the examples file and how often each label is positive, read back with Parquet.Net.
static async Task<Dictionary<string, (long Rows, long Goals, long OptOuts)>> ReadArmsAsync(string file)
{
    var arms = new Dictionary<string, (long Rows, long Goals, long OptOuts)>(StringComparer.Ordinal);
    await using var reader = await ParquetReader.CreateAsync(file);
    var fields = reader.Schema.GetDataFields();
    for (var g = 0; g < reader.RowGroupCount; g++)
    {
        using var group = reader.OpenRowGroupReader(g);
        var rows = checked((int)group.RowCount);
        var armValues = new string?[rows];
        var goalValues = new bool[rows];
        var optOutValues = new bool[rows];
        await group.ReadAsync(fields.Single(f => f.Name == "arm"), armValues.AsMemory());
        await group.ReadAsync(fields.Single(f => f.Name == "label_goal"), goalValues.AsMemory());
        await group.ReadAsync(fields.Single(f => f.Name == "label_unsubscribe"), optOutValues.AsMemory());
        for (var i = 0; i < rows; i++)
        {
            var (count, goals, optOuts) = arms.GetValueOrDefault(armValues[i]!);
            arms[armValues[i]!] = (count + 1, goals + (goalValues[i] ? 1 : 0), optOuts + (optOutValues[i] ? 1 : 0));
        }
    }

    return arms;
}

/// <summary>A clock stopped at one instant, for the manifest's created_at.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
