using System.Globalization;
using Recommender.Cli;
using Recommender.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

// Redirected output (logs, CI, tests) must not be wrapped at 80 columns: one problem, one line.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 1_000;
}

// Numbers and dates in the invariant culture, whatever the machine's: outputs, manifests and messages read alike
// everywhere ("0.119", "4,038"), and a German machine's run does not write other bytes than an English one's. Help
// and Spectre's own texts keep the user's language (the UI culture).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// The `recommender` command of the data scientists: one sub-command per job.
var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("recommender");

    // A mistyped option (--validaton-days) must stop the run, not be ignored while the job runs on its default.
    config.UseStrictParsing();
    config.AddCommand<GenerateCommand>("generate")
        .WithDescription("Run the synthetic world and write events.parquet, profiles.parquet and catalog.json.")
        .WithExample("generate", "--users", "2000", "--days", "60", "--seed", "7", "--out", "out/world");
    config.AddBranch("import", import =>
    {
        import.SetDescription("Convert data users already have into a data folder: Segment-spec JSON Lines, flat CSV, the Hillstrom and Open Bandit data sets.");
        import.AddCommand<ImportSegmentCommand>("segment")
            .WithDescription("Segment-spec JSON Lines (optionally gzipped): track/page/screen calls to events, identify calls to dated profile rows.")
            .WithExample("import", "segment", "--in", "export.jsonl.gz", "--out", "out/cdp", "--mapping", "mapping.json");
        import.AddCommand<ImportCsvCommand>("csv")
            .WithDescription("A flat CSV export, one event per row: name the user, time and type columns; the rest become properties.")
            .WithExample("import", "csv", "--in", "events.csv", "--out", "out/csv", "--user", "user", "--time", "ts", "--type", "event");
        import.AddCommand<ImportHillstromCommand>("hillstrom")
            .WithDescription("The Hillstrom e-mail challenge as logged decisions (propensity 1/3 each), optionally split into train and held-out customers.")
            .WithExample("import", "hillstrom", "--in", "../shared/datasets/hillstrom/hillstrom.csv", "--out", "out/hillstrom", "--holdout-share", "0.5");
        import.AddCommand<ImportObdCommand>("obd")
            .WithDescription("One Open Bandit Dataset log: each impression a decision with its logged propensity, items as messages with their features.")
            .WithExample("import", "obd", "--in", "../shared/datasets/obd-men/bts", "--out", "out/obd-bts");
    });
    config.AddCommand<ValidateCommand>("validate")
        .WithDescription("Check a data folder against the data contract; exits 1 when it has errors.")
        .WithExample("validate", "--data", "data-samples");
    config.AddCommand<ServeCommand>("serve")
        .WithDescription("Serve the inference API (decisions, events, catalog, models) on --urls.")
        .WithExample("serve", "--urls", "http://127.0.0.1:8080", "--store", "sqlite:recommender.db", "--bootstrap", "data-samples");
    config.AddCommand<PlanCommand>("plan")
        .WithDescription("Decide for a whole audience at one instant with the API's engine, rules and log; write the send plan (Parquet or CSV) and record its sends as pending.")
        .WithExample("plan", "--store", "sqlite:out/state.db", "--model", "models/sample", "--at", "2026-03-05T12:00:00Z", "--out", "out/plan.parquet");
    config.AddCommand<FeaturesCommand>("features")
        .WithDescription("Replay every user's events and write one labelled feature row per logged decision (sends and controls) to Parquet.")
        .WithExample("features", "--data", "data-samples", "--out", "out/examples.parquet");
    config.AddCommand<TrainCommand>("train")
        .WithDescription("Train the propensity and fatigue models on a data folder and write a model bundle.")
        .WithExample("train", "--data", "data-samples", "--out", "models/sample", "--seed", "7");
    config.AddCommand<SimulateCommand>("simulate")
        .WithDescription("Run the synthetic world with a policy deciding every day and at triggers; write results.json.")
        .WithExample("simulate", "--policy", "model:models/sample", "--users", "2000", "--days", "60", "--seed", "7", "--out", "out/model.json");
    config.AddCommand<EvaluateCommand>("evaluate")
        .WithDescription("Write the offline evaluation report of a model bundle (optionally against a baseline): report.html, report.json, summary.md.")
        .WithExample("evaluate", "--data", "data-samples", "--model", "models/sample", "--out", "out/report");
    config.AddCommand<MonitorCommand>("monitor")
        .WithDescription("Watch the served model over time windows: feature drift, calibration, send volume, suppression mix, holdout lift: monitor.html, monitor.json.")
        .WithExample("monitor", "--data", "data-samples", "--decision-log", "decision-log", "--model", "models/sample", "--out", "out/monitor");
    config.SetExceptionHandler((exception, _) => CliErrors.Report(exception));
});
return await app.RunAsync(args);
