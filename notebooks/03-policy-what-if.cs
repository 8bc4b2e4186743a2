// 03-policy-what-if: what the contact policy's knobs cost and buy. Sweeps the fatigue weight (how much a predicted
// unsubscribe counts against a message's expected value) and the overall weekly cap, lives the synthetic world in
// closed loop with the model policy deciding under each setting (the simulation behind `recommender simulate`), and
// plots the value created against the unsubscribes caused: the trade-off curve, with the catalog's default marked and
// the oracle (the world's true probabilities under the default policy) as the ceiling.
//
// Run it from the repository root (the first run builds for a minute or so; the run itself takes about half a minute):
//   dotnet run -c Release notebooks/03-policy-what-if.cs -- --data data-samples --model models/sample
// It writes notebooks/rendered/03-policy-what-if.md and its charts in notebooks/rendered/03-policy-what-if/
// (--out DIR writes them elsewhere). --users and --days size the simulated world: larger worlds narrow the noise of
// the opt-out counts and take proportionally longer.
#:project ../src/Recommender.Simulation/Recommender.Simulation.csproj
#:project ../src/Recommender.Models/Recommender.Models.csproj
#:project ../src/Recommender.Data/Recommender.Data.csproj
#:project Recommender.Notebooks/Recommender.Notebooks.csproj
// File-based apps default to native AOT, whose trimming analysers flag reflection, and the repository turns warnings
// into errors (Directory.Build.props): notebooks are run, never published, so AOT is off.
#:property PublishAot=false

using System.Diagnostics;
using Recommender.Core.Catalog;
using Recommender.Data;
using Recommender.Data.Catalog;
using Recommender.Decisioning;
using Recommender.Models;
using Recommender.Notebooks;
using Recommender.Simulation;
using Recommender.Simulation.ClosedLoop;
using ScottPlot;

return await Notebook.RunAsync("03-policy-what-if", args,
    [
        new("--model", "models/sample", "the bundle whose policy is simulated", IsPath: true),
        new("--users", "600", "users in the simulated world"),
        new("--days", "35", "days the simulated world lives"),
    ],
    async nb =>
{
    var page = nb.Page;
    var users = int.Parse(nb.Text("--users"));
    var days = int.Parse(nb.Text("--days"));
    const ulong seed = 7;

    // The world's users respond to the synthetic product's twelve messages; a catalog with other messages cannot be
    // simulated, only its contact policy could be, and mixing the two would measure nothing real.
    var catalog = CatalogJson.Load(DataFolder.Open(nb.Data).CatalogPath);
    var synthetic = SyntheticCatalog.Create();
    if (!catalog.Messages.Select(m => m.Id).Order(StringComparer.Ordinal).SequenceEqual(synthetic.Messages.Select(m => m.Id).Order(StringComparer.Ordinal)))
    {
        throw new InvalidOperationException(
            $"{nb.DataLabel}/catalog.json is not the synthetic world's catalog ({string.Join(", ", synthetic.Messages.Select(m => m.Id))}): this notebook lives " +
            "the synthetic world, whose users respond only to those messages. Use a data folder made by `recommender generate`.");
    }

    var model = ModelCandidateScorer.Open(nb.PathOf("--model"), catalog);
    var defaults = catalog.Policy;
    var world = new WorldOptions { Users = users, Days = days, Seed = seed };

    page.Heading("Policy what-if: value against unsubscribes", 1);
    page.Text($"""
        The decision rule ranks each eligible message by `uplift × value − fatigue weight × P(unsubscribe) × unsubscribe
        cost`, under hard caps on how many messages a user gets. Both knobs trade value for opt-outs. This notebook lives the
        synthetic world ({Fmt.N(users)} users, {days} days, seed {seed}) in closed loop once per setting, with the model
        policy of `{nb.Label("--model")}` deciding every day and at every trigger under the contact policy of
        `{nb.DataLabel}/catalog.json` with one knob changed, and measures the incremental value created (Σ value × true
        uplift over sends, which the world knows) and the unsubscribes it caused. Every setting meets the same users, who
        draw the same randomness, so the differences come from the policy, not from a different population. Reproduce it with:
        """);
    page.Code($"dotnet run -c Release notebooks/{nb.Name}.cs -- --data {nb.DataLabel} --model {nb.Label("--model")} --users {users} --days {days}");
    page.Text($"""
        The default policy: fatigue weight {defaults.FatigueWeight:0.##}, unsubscribe cost {defaults.UnsubscribeCost:0.##}, at most
        {defaults.Overall.PerDay} message a day and {defaults.Overall.PerWeek} a week overall, {defaults.MinGapHours:0.#} h between
        messages, exploration {Fmt.P(defaults.ExplorationRate, 0)}. One command per setting does the same from the shell,
        e.g. `recommender simulate --policy model:{nb.Label("--model")} --users {users} --days {days} --seed {seed} --out out/model.json`
        for the default (the command takes the policy from the synthetic catalog).
        """);

    // Each setting is the default policy with one knob turned; the default itself appears in both sweeps. The caps are
    // turned together: every weekly cap (overall, per channel, per category) scaled by one factor, the daily caps and
    // the minimum gap kept; turning the overall cap alone changes little, since the channel and category caps bind first.
    var fatigueWeights = new[] { 0, 0.5, 1, 2, 4, 8 }.Append(defaults.FatigueWeight).Distinct().Order().ToArray();
    var capFactors = new double?[] { 0.5, 1, 2, null };
    var settings = fatigueWeights.Select(w => (Sweep: "fatigue weight", Label: $"weight {w:0.##}", Policy: defaults with { FatigueWeight = w }))
        .Concat(capFactors.Select(f => (Sweep: "weekly caps", Label: f is { } x ? $"caps ×{x:0.##}" : "no weekly caps", Policy: ScaleWeeklyCaps(defaults, f))))
        .ToArray();

    var clock = Stopwatch.StartNew();
    var results = new Dictionary<ContactPolicy, SimulationResult>();
    foreach (var (sweep, label, policy) in settings)
    {
        if (results.ContainsKey(policy))
        {
            continue; // the default, already lived by the other sweep
        }

        Notebook.Log($"simulating {sweep} = {label}");
        var decide = catalog with { Policy = policy };
        results[policy] = ClosedLoopRunner.Run(label, world, catalog,
            (tally, _) => new EnginePolicy(new DecisionEngine(model, seed), tally, decide));
    }

    Notebook.Log("simulating the oracle");
    // The oracle of "which message now": the model policy here sends now, so the oracle that also picks the hour and the
    // channel ("oracle") would measure something this page does not vary.
    var oracle = ClosedLoopRunner.Run("oracle-now", world, catalog, SimulationPolicies.Create("oracle-now", catalog, seed));
    var simulated = clock.Elapsed;

    page.Heading("Every setting");
    var baseline = results[defaults];
    page.Table(["sweep", "setting", "value", "vs default", "sends", "goals", "unsubscribes", "complaints", "value per unsubscribe"],
        settings.Select(s =>
        {
            var r = results[s.Policy];
            return (IReadOnlyList<string>)
            [
                s.Sweep, s.Policy == defaults ? $"**{s.Label} (default)**" : s.Label, Fmt.N(r.TotalValue, 1), Fmt.P(r.TotalValue / baseline.TotalValue - 1),
                Fmt.N(r.Sends), Fmt.N(r.Goals), Fmt.N(r.Unsubscribes), Fmt.N(r.Complaints), Fmt.N(r.TotalValue / Math.Max(1, r.Unsubscribes), 1),
            ];
        }).Append(["reference", "oracle, default policy", Fmt.N(oracle.TotalValue, 1), Fmt.P(oracle.TotalValue / baseline.TotalValue - 1),
            Fmt.N(oracle.Sends), Fmt.N(oracle.Goals), Fmt.N(oracle.Unsubscribes), Fmt.N(oracle.Complaints), Fmt.N(oracle.TotalValue / Math.Max(1, oracle.Unsubscribes), 1)]),
        "llrrrrrrr");
    page.Timing($"{results.Count + 1} closed-loop runs took {simulated.TotalSeconds:F1} s.");

    page.Heading("The trade-off curves");
    // One chart per knob: the cap settings land close together, and on the fatigue weight's scale they would overprint.
    Plot TradeOff(string title, string sweep, Color color, bool withOracle)
    {
        var plot = Plots.New(title, "unsubscribes", "value created (Σ value × true uplift)");
        var points = settings.Where(s => s.Sweep == sweep).Select(s => (s.Label, Result: results[s.Policy], IsDefault: s.Policy == defaults)).ToArray();
        var line = plot.Add.ScatterLine(points.Select(p => (double)p.Result.Unsubscribes).ToArray(), points.Select(p => p.Result.TotalValue).ToArray());
        line.Color = color;
        line.MarkerSize = 7;
        line.LegendText = $"model policy, {sweep}";
        // Settings that land on the same point (a cap that never binds) share one label instead of overprinting.
        foreach (var same in points.GroupBy(p => (p.Result.Unsubscribes, p.Result.TotalValue)))
        {
            var text = plot.Add.Text(string.Join(", ", same.Select(p => p.IsDefault ? p.Label + " (default)" : p.Label)), same.Key.Unsubscribes, same.Key.TotalValue);
            text.LabelFontName = Plots.Font;
            text.LabelFontSize = 11;
            text.LabelFontColor = color;
            text.LabelAlignment = Alignment.UpperLeft;
            text.OffsetX = 7;
            text.OffsetY = 5;
        }

        var marker = plot.Add.Marker(baseline.Unsubscribes, baseline.TotalValue);
        marker.Shape = MarkerShape.OpenCircle;
        marker.Size = 18;
        marker.LineWidth = 2;
        marker.Color = Colors.Black;
        marker.LegendText = "default policy";
        var shown = points.Select(p => p.Result).ToList();
        if (withOracle)
        {
            var ceiling = plot.Add.Marker(oracle.Unsubscribes, oracle.TotalValue);
            ceiling.Shape = MarkerShape.FilledDiamond;
            ceiling.Size = 11;
            ceiling.Color = Colors.Gray;
            ceiling.LegendText = "oracle, default policy";
            shown.Add(oracle);
        }

        // Room on the right and below for the labels, which sit to the lower right of their points.
        var (x0, x1) = (shown.Min(r => r.Unsubscribes), shown.Max(r => r.Unsubscribes));
        var (y0, y1) = (shown.Min(r => r.TotalValue), shown.Max(r => r.TotalValue));
        var (dx, dy) = (Math.Max(1, x1 - x0), Math.Max(1, y1 - y0));
        plot.Axes.SetLimits(x0 - 0.05 * dx, x1 + 0.3 * dx, y0 - 0.12 * dy, y1 + 0.08 * dy);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    var palette = new ScottPlot.Palettes.Category10();
    page.Chart("fatigue-weight", TradeOff($"Fatigue weight: value against unsubscribes ({Fmt.N(users)} users, {days} days)", "fatigue weight", palette.GetColor(0), withOracle: true),
        "A line of points, value created against unsubscribes, one per fatigue weight; the default circled, the oracle as a grey diamond",
        width: 760, height: 500);
    page.Chart("weekly-caps", TradeOff($"Weekly caps: value against unsubscribes ({Fmt.N(users)} users, {days} days)", "weekly caps", palette.GetColor(1), withOracle: false),
        "A line of points, value created against unsubscribes, one per scaling of the weekly caps; the default circled",
        width: 760, height: 440);

    // What the page says follows from the numbers, so that it stays true when the world or the model changes.
    var byWeight = fatigueWeights.Select(w => (Weight: w, Result: results[defaults with { FatigueWeight = w }])).ToArray();
    var (lowest, highest) = (byWeight[0], byWeight[^1]);
    var best = results.Values.MaxBy(r => r.TotalValue)!;
    var capResults = settings.Where(s => s.Sweep == "weekly caps").Select(s => results[s.Policy]).ToArray();
    var byCaps = string.Join(", ", settings.Where(s => s.Sweep == "weekly caps").Select(s => s.Label));
    var capSpread = capResults.Max(r => Math.Abs(r.TotalValue / baseline.TotalValue - 1));
    var fatigueSpread = byWeight.Max(r => Math.Abs(r.Result.TotalValue / baseline.TotalValue - 1));
    page.Text($"""
        From a fatigue weight of {lowest.Weight:0.##} to {highest.Weight:0.##}, sends go from {Fmt.N(lowest.Result.Sends)} to
        {Fmt.N(highest.Result.Sends)}, unsubscribes from {Fmt.N(lowest.Result.Unsubscribes)} to {Fmt.N(highest.Result.Unsubscribes)}
        and value from {Fmt.N(lowest.Result.TotalValue, 1)} to {Fmt.N(highest.Result.TotalValue, 1)}. The highest value,
        {Fmt.N(best.TotalValue, 1)}, came with {best.Policy} ({Fmt.N(best.Unsubscribes)} unsubscribes; the default:
        {Fmt.N(baseline.TotalValue, 1)} with {Fmt.N(baseline.Unsubscribes)}). The oracle decides with the world's true
        probabilities under the default policy: {Fmt.P(baseline.TotalValue / oracle.TotalValue)} of its value is what the
        model reaches.
        """);
    page.Text($"""
        On a world this small an unsubscribe count moves by a few between settings by chance, so read the curve's shape, not
        single points; `--users 5000 --days 60` narrows it (docs/results.md reports the 20,000-user world). The value is
        what the sends create within the simulated days; a user who unsubscribes also stops creating value afterwards,
        which a longer world counts more fully. The weekly caps bind only when the model wants to send more than they
        allow: across the cap settings ({byCaps}) the value moves by at most {Fmt.P(capSpread)} from the default, against
        {Fmt.P(fatigueSpread)} across the fatigue weights.
        """);
});

// Every weekly cap of the policy scaled by factor (rounded, at least one), or none at all for null.
static ContactPolicy ScaleWeeklyCaps(ContactPolicy policy, double? factor)
{
    FrequencyCap Scale(FrequencyCap cap) => cap with { PerWeek = factor is { } f && cap.PerWeek is { } week ? Math.Max(1, (int)Math.Round(week * f)) : null };
    return factor == 1
        ? policy
        : policy with
        {
            Overall = Scale(policy.Overall),
            ChannelCaps = policy.ChannelCaps.ToDictionary(c => c.Key, c => Scale(c.Value)),
            CategoryCaps = policy.CategoryCaps.ToDictionary(c => c.Key, c => Scale(c.Value)),
        };
}
