// 04-real-data-hillstrom: the product on a real randomised campaign. Imports Kevin Hillstrom's e-mail challenge (64,000
// customers randomised in thirds to a men's e-mail, a women's e-mail or none; the goal a website visit within two
// weeks), holds half the customers out, trains a bundle on the other half, and values the learned policy's visit rate
// on the held-out half by IPS, SNIPS and DR with 95 % intervals, next to each arm's observed visit rate on the same
// customers. It also shows what the policy chooses for each kind of customer and what its model predicts, so that the
// page says plainly what was learnt. Every step is the job the `recommender` command runs (HillstromImporter,
// TrainingJob, EvaluationJob; the decision engine of the bundle for the choices), so the numbers are the ones
// `recommender import hillstrom`, `train` and `evaluate --whole-log` print.
//
// It reads no data folder (no --data): the campaign comes from --hillstrom FILE, by default
// ../shared/datasets/hillstrom/hillstrom.csv beside the repository, read in place and never copied into it. Run it from
// the repository root (the first run builds for a minute or two; the run itself takes half a minute to a minute on two
// busy cores, the whole campaign, all 64,000 customers):
//   dotnet run -c Release notebooks/04-real-data-hillstrom.cs -- --hillstrom ../shared/datasets/hillstrom/hillstrom.csv
// It writes notebooks/rendered/04-real-data-hillstrom.md and its charts in notebooks/rendered/04-real-data-hillstrom/
// (--out DIR writes them elsewhere). --leaves sets the propensity model's leaves per tree (train's
// --propensity-leaves; 4 here, chosen without the held-out half: docs/results.md, "Hillstrom"); --leaves 31, train's
// default, shows trees that fit the noise. The imported folders and the bundle live in a temporary folder.
#:project ../src/Recommender.Import/Recommender.Import.csproj
#:project ../src/Recommender.Training/Recommender.Training.csproj
#:project ../src/Recommender.Evaluation/Recommender.Evaluation.csproj
#:project Recommender.Notebooks/Recommender.Notebooks.csproj
// File-based apps default to native AOT, whose trimming analysers flag reflection, and the repository turns warnings
// into errors (Directory.Build.props): notebooks are run, never published, so AOT is off.
#:property PublishAot=false

using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Recommender.Core.Events;
using Recommender.Core.Features;
using Recommender.Data;
using Recommender.Data.Catalog;
using Recommender.Data.Events;
using Recommender.Data.Profiles;
using Recommender.Decisioning;
using Recommender.Evaluation;
using Recommender.Import.Hillstrom;
using Recommender.Models;
using Recommender.Notebooks;
using Recommender.Training;
using ScottPlot;

const string DefaultCampaign = "../shared/datasets/hillstrom/hillstrom.csv";
const string DefaultLeaves = "4";

return await Notebook.RunAsync("04-real-data-hillstrom", args,
    [
        new("--hillstrom", DefaultCampaign, "Kevin Hillstrom's hillstrom.csv, read in place", IsPath: true),
        new("--leaves", DefaultLeaves, "most leaves per tree of the propensity model (train --propensity-leaves; train's default is 31)"),
    ],
    async nb =>
{
    var page = nb.Page;
    var campaign = nb.PathOf("--hillstrom");
    // The page names the shared data set by its place beside the repository, never by a machine's full path.
    var campaignLabel = campaign == Path.GetFullPath(Path.Combine(nb.Root, DefaultCampaign)) ? DefaultCampaign : nb.Label("--hillstrom");
    if (!int.TryParse(nb.Text("--leaves"), NumberStyles.None, CultureInfo.InvariantCulture, out var leaves) || leaves < 2)
    {
        throw new ArgumentException($"--leaves must be a whole number of at least 2 (got '{nb.Text("--leaves")}').");
    }

    var imported = Path.Combine(nb.Temp, "hillstrom");
    var train = Path.Combine(imported, "train");
    var holdout = Path.Combine(imported, "holdout");
    var bundle = Path.Combine(nb.Temp, "model");
    var reportFolder = Path.Combine(nb.Temp, "report");

    page.Heading("The Hillstrom campaign: a policy learnt on real data", 1);
    page.Text($"""
        Kevin Hillstrom's e-mail challenge is a real randomised campaign: 64,000 customers who bought in the last twelve
        months, each sent at random a men's merchandise e-mail, a women's merchandise e-mail or nothing, and whether they
        visited the website in the two weeks after. A randomised log is what off-policy evaluation needs, so the question
        is the one a data scientist asks of any log: train on part of it, and how well would the learned policy have done
        on customers it never saw, next to simply sending everyone one of the e-mails? Every step is the job the
        `recommender` command runs, so this page is the notebook form of:
        """);
    page.Code($"""
        recommender import hillstrom --in {campaignLabel} --out out/hillstrom --holdout-share 0.5
        recommender train --data out/hillstrom/train --out out/model --seed 7 --validation-days 28 --propensity-leaves {leaves}
        recommender evaluate --data out/hillstrom/holdout --model out/model --whole-log --out out/report
        """);
    page.Text("Reproduce the page with:");
    page.Code($"dotnet run -c Release notebooks/{nb.Name}.cs -- --hillstrom {campaignLabel}{(nb.Text("--leaves") == DefaultLeaves ? "" : $" --leaves {leaves}")}");

    // ---------------------------------------------------------------------------------------------------------------
    page.Heading("1. Import: two halves of the customers");
    var clock = Stopwatch.StartNew();
    var summaries = await HillstromImporter.RunAsync(new HillstromImportOptions { Input = campaign, Output = imported, HoldoutShare = 0.5 });
    var halves = new[] { ("train", summaries[0]), ("held out", summaries[1]) };
    page.Text($"""
        `import hillstrom` turns each customer into one logged decision with its propensity, 1/3: a `message_sent` of
        `{HillstromCatalog.Mens}` or `{HillstromCatalog.Womens}`, or for the no-e-mail third a `decision_no_send`, the
        randomised control. A visit becomes a `{HillstromCatalog.Visit}` inside the two weeks after the decision, the goal
        of both e-mails (worth 1, so a policy's value is its visit rate). The customer's columns (recency, spend in the
        last year and its segment, whether they bought men's or women's merchandise, zip code area, new customer, channel)
        become profile attributes. The data has no dates, so the decisions are spread over a year by a hash of the
        customer, and a salted hash of the customer puts half the customers in `train/` and half in `holdout/`
        ([docs/import.md](../../docs/import.md)):
        """);
    page.Table(["half", "customers", "events", "lines left out"],
        halves.Select(h => (IReadOnlyList<string>)[h.Item1, Fmt.N(h.Item2.Lines - h.Item2.LinesDropped), Fmt.N(h.Item2.Events), Fmt.N(h.Item2.LinesDropped)]));
    page.Timing($"Importing took {clock.Elapsed.TotalSeconds:F1} s.");

    // ---------------------------------------------------------------------------------------------------------------
    page.Heading("2. Training on one half");
    clock.Restart();
    var options = new TrainingOptions { Seed = 7, ValidationDays = 28, Propensity = new TrainingOptions().Propensity with { Leaves = leaves } };
    var manifest = (await new TrainingJob(options).RunAsync(train, bundle)).Manifest;
    var propensity = manifest.Models.Propensity;
    var metrics = manifest.Metrics.Propensity;
    page.Text($"""
        `train` on the training half: {Fmt.N(manifest.Data.TreatmentRows)} sends and {Fmt.N(manifest.Data.ControlRows)}
        decisions held out at random. Uplift source: `{manifest.Uplift.Source}`, {manifest.Uplift.Note.TrimEnd('.')}. The
        propensity (visit) model is {propensity.Trees} trees of at most {leaves} leaves, fitted on {Fmt.N(propensity.FitRows)}
        decisions ({Fmt.N(propensity.FitPositives)} visits) and calibrated on {Fmt.N(propensity.CalibrationRows)} of other
        customers, trained on {Fmt.D(manifest.TrainingWindow.DataStart)} to {Fmt.D(manifest.TrainingWindow.ValidationFrom)}
        and validated on the {Math.Round((manifest.TrainingWindow.DataEnd - manifest.TrainingWindow.ValidationFrom).TotalDays):0}
        days after: AUC {Fmt.F(metrics.Auc)} on {Fmt.N(metrics.Rows)} rows ({Fmt.N(metrics.Positives)} visits). Who visits is
        hard to tell from these eight columns; what the policy needs is only which e-mail adds more, and that is a smaller
        signal still.
        """);
    page.Timing($"Training took {clock.Elapsed.TotalSeconds:F1} s.");

    // ---------------------------------------------------------------------------------------------------------------
    page.Heading("3. The value of the learned policy on the held-out half");
    clock.Restart();
    await new EvaluationJob(new EvaluationOptions { Seed = 7, WholeLog = true }).RunAsync(holdout, bundle, null, reportFolder);
    var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(reportFolder, EvaluationJob.ReportJson)))!;
    var setup = report["ope_setup"]!;
    var from = setup["period_from"]!.GetValue<DateTime>();
    var until = setup["period_until"]!.GetValue<DateTime>();
    var customers = await ReadHeldOutAsync(holdout, from, until);
    if (customers.Count != (long)setup["decisions"]!)
    {
        throw new InvalidOperationException($"The report valued {setup["decisions"]} decisions, the held-out log has {customers.Count} in the same period: the arms would not be measured on the same customers.");
    }

    string[] arms = [HillstromCatalog.Mens, HillstromCatalog.Womens, Decision.NoSendAction];
    var armNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [HillstromCatalog.Mens] = "men's e-mail",
        [HillstromCatalog.Womens] = "women's e-mail",
        [Decision.NoSendAction] = "no e-mail",
    };
    var observed = arms.ToDictionary(a => a, a => Rate(customers.Where(c => c.Arm == a)), StringComparer.Ordinal);
    var campaignRate = Rate(customers);
    var ope = report["ope"]!.AsArray().Select(o => o!)
        .Where(o => (string)o["metric"]! == "goals" && (string)o["estimator"]! is "ips" or "snips" or "dr")
        .ToArray();
    var learned = ope.Where(o => (string)o["policy"]! == "candidate").ToArray();
    var logging = ope.First(o => (string)o["policy"]! == "logging" && (string)o["estimator"]! == "ips");
    page.Text($"""
        `evaluate --whole-log` replays the bundle's decision engine at every logged decision of the held-out half whose two
        weeks end inside the log ({Fmt.N((long)setup["decisions"]!)} of its customers) and values its choices from what
        the campaign logged: IPS reweights the customers whose random arm is the policy's choice by 1/propensity, SNIPS
        normalises those weights to sum to one, DR starts from the model's prediction for the chosen arm and corrects it
        with the same weighted residuals ([docs/evaluation.md](../../docs/evaluation.md)). Intervals are 95 % bootstrap
        intervals over customers; the effective sample is how many customers the estimate rests on. Beside them, each
        arm's visit rate as observed on the same customers (95 % normal intervals): what sending everyone that arm did.
        """);
    foreach (var notice in report["notices"]!.AsArray())
    {
        page.Text($"> **Note** ({notice!["code"]}): {notice["message"]}");
    }

    var rows = new List<IReadOnlyList<string>>();
    rows.AddRange(learned.Select(o => (IReadOnlyList<string>)
    [
        $"**learned policy**, {((string)o["estimator"]!).ToUpperInvariant()}", $"**{Fmt.P((double)o["value"]!, 2)}**",
        $"{Fmt.P((double)o["ci_low"]!, 2)} to {Fmt.P((double)o["ci_high"]!, 2)}", Fmt.N((double)o["ess"]!, 0),
    ]));
    rows.AddRange(arms.Select(a => (IReadOnlyList<string>)
    [
        $"{armNames[a]}, observed", Fmt.P(observed[a].Rate, 2), $"{Fmt.P(observed[a].Low, 2)} to {Fmt.P(observed[a].High, 2)}", Fmt.N(observed[a].Customers),
    ]));
    rows.Add(["the campaign as run (random thirds), observed", Fmt.P(campaignRate.Rate, 2), $"{Fmt.P(campaignRate.Low, 2)} to {Fmt.P(campaignRate.High, 2)}", Fmt.N(campaignRate.Customers)]);
    page.Table(["policy", "visit rate", "95 % interval", "customers (effective)"], rows, "lrrr");

    var chart = Plots.New($"Visit rate on the held-out half ({Fmt.N(customers.Count)} customers), 95 % intervals", "", "visit rate within two weeks (%)");
    var palette = new ScottPlot.Palettes.Category10();
    var points = new List<(string Label, double Value, double Low, double High, int Group)>();
    points.AddRange(learned.Select(o => ($"learned, {((string)o["estimator"]!).ToUpperInvariant()}", (double)o["value"]!, (double)o["ci_low"]!, (double)o["ci_high"]!, 0)));
    points.AddRange(arms.Select(a => ($"{armNames[a]}, observed", observed[a].Rate, observed[a].Low, observed[a].High, 1)));
    for (var group = 0; group < 2; group++)
    {
        var members = points.Select((p, i) => (p, i)).Where(x => x.p.Group == group).ToArray();
        double[] xs = [.. members.Select(m => (double)m.i)];
        double[] ys = [.. members.Select(m => m.p.Value * 100)];
        var dots = chart.Add.Scatter(xs, ys);
        dots.LineWidth = 0;
        dots.MarkerSize = 9;
        dots.Color = palette.GetColor(group);
        dots.LegendText = group == 0 ? "learned policy, estimated off-policy" : "one arm for everyone, observed";
        var bars = chart.Add.ErrorBar(xs, ys, [.. members.Select(m => (m.p.Value - m.p.Low) * 100)]);
        bars.YErrorPositive = [.. members.Select(m => (m.p.High - m.p.Value) * 100)];
        bars.Color = dots.Color;
    }

    var best = chart.Add.HorizontalLine(observed[HillstromCatalog.Mens].Rate * 100);
    best.LinePattern = LinePattern.Dashed;
    best.Color = Colors.Gray;
    best.LegendText = "men's e-mail to everyone, observed";
    Plots.CategoryTicks(chart, [.. points.Select((_, i) => (double)i)], [.. points.Select(p => p.Label)]);
    chart.ShowLegend(Alignment.LowerLeft);
    page.Chart("visit-rate", chart,
        "Dots with error bars: the learned policy's visit rate by IPS, SNIPS and DR, then the observed visit rate of the men's e-mail, the women's e-mail and no e-mail on the same held-out customers, with 95 % intervals; a dashed line at the men's e-mail's rate",
        width: 760, height: 460);
    page.Timing($"Evaluating took {clock.Elapsed.TotalSeconds:F1} s.");

    // ---------------------------------------------------------------------------------------------------------------
    page.Heading("4. What the policy chooses, and why");
    // The bundle's own decision engine, as `evaluate` replays it and the API serves it. A Hillstrom customer has no
    // event before their decision, so their state is empty and the decision rests on the profile alone.
    var catalog = CatalogJson.Load(Path.Combine(holdout, "catalog.json"));
    var engine = new DecisionEngine(ModelCandidateScorer.Open(bundle, catalog));
    var kinds = new[] { "bought men's only", "bought women's only", "bought both" };
    var choices = customers.Select(c =>
    {
        var d = engine.Decide(new DecisionRequest { DecisionId = c.User + "-d", UserId = c.User, State = new UserState(), Profile = c.Profile, Catalog = catalog, AsOf = c.At });
        return (c.Kind, Choice: d.MessageId ?? Decision.NoSendAction, Scores: d.Scores.ToDictionary(s => s.MessageId, StringComparer.Ordinal));
    }).ToArray();
    var chosen = arms.ToDictionary(a => a, a => choices.Count(c => c.Choice == a), StringComparer.Ordinal);
    var mensToAll = chosen[HillstromCatalog.Mens] == choices.Length;
    page.Text($"""
        The same bundle's decision engine, asked for each held-out customer: it sends the men's e-mail to
        {Fmt.N(chosen[HillstromCatalog.Mens])}, the women's e-mail to {Fmt.N(chosen[HillstromCatalog.Womens])} and nothing
        to {Fmt.N(chosen[Decision.NoSendAction])} of the {Fmt.N(choices.Length)} customers. By what the customer bought in
        the last year: its model's mean predicted visit probability for each arm (the e-mails' P(visit | send), and
        P(visit | send nothing)), next to the rate each arm reached on those customers with its 95 % half-width in points:
        """);
    page.Table(["customers", "how many", "policy sends", "men's: predicted / observed", "women's: predicted / observed", "none: predicted / observed"],
        kinds.Select(kind =>
        {
            var mine = choices.Where(c => c.Kind == kind).ToArray();
            var sends = string.Join(", ", arms.Select(a => (a, n: mine.Count(c => c.Choice == a))).Where(x => x.n > 0).Select(x => $"{armNames[x.a]} {Fmt.N(x.n)}"));
            string Cell(string arm)
            {
                var predicted = arm == Decision.NoSendAction
                    ? mine.Average(c => c.Scores.Values.Average(s => s.PGoalNoSend))
                    : mine.Average(c => c.Scores[arm].PGoalSend);
                var rate = Rate(customers.Where(c => c.Kind == kind && c.Arm == arm));
                return $"{Fmt.P(predicted)} / {Fmt.P(rate.Rate)} ± {Fmt.F((rate.High - rate.Rate) * 100, 1)}";
            }

            return (IReadOnlyList<string>)[kind, Fmt.N(mine.Length), sends, .. arms.Select(Cell)];
        }),
        "lrlrrr");
    var byCustomer = Plots.Bars("Observed visit rate by what the customer bought (held-out half)", "visit rate within two weeks (%)", kinds,
        [.. arms.Select(a => (armNames[a], (IReadOnlyList<double>)[.. kinds.Select(k => Rate(customers.Where(c => c.Kind == k && c.Arm == a)).Rate * 100)]))]);
    byCustomer.ShowLegend(Alignment.UpperLeft); // the tallest bars are the last group's
    page.Chart("by-customer", byCustomer,
        "Grouped bars: observed visit rate of the men's e-mail, the women's e-mail and no e-mail, for customers who bought men's merchandise only, women's only, or both",
        width: 680, height: 420);

    var womenOnly = customers.Where(c => c.Kind == kinds[1]).ToArray();
    var womensEdge = Difference(Rate(womenOnly.Where(c => c.Arm == HillstromCatalog.Womens)), Rate(womenOnly.Where(c => c.Arm == HillstromCatalog.Mens)));
    var (snips, ips, dr) = (Estimate("snips"), Estimate("ips"), Estimate("dr"));
    var mens = observed[HillstromCatalog.Mens];
    var heldInEvery = learned.All(o => (double)o["ci_low"]! <= mens.Rate && mens.Rate <= (double)o["ci_high"]!);
    page.Heading("Reading it");
    page.Text(mensToAll
        ? $"""
            **The policy learnt to send the men's e-mail to every customer**, and its value is the men's arm's: SNIPS gives
            {Fmt.P(snips.Value, 2)} against the men's e-mail's observed {Fmt.P(mens.Rate, 2)}{(Math.Abs(snips.Value - mens.Rate) < 5e-7 ? ", the same number, as it must be: when every logging propensity is 1/3 and the policy always picks the men's e-mail, SNIPS is the mean visit of the customers who got it" : "")}.
            IPS ({Fmt.P(ips.Value, 2)}) differs only because the men's third of these customers is not exactly a third, and
            DR ({Fmt.P(dr.Value, 2)}) because it adds the model's predictions. {(heldInEvery ? "Every interval holds the men's arm's observed rate: the learned policy is as good as the best arm, not better." : "The intervals do not all hold the men's arm's observed rate; read the estimators' notes above.")}
            """
        : $"""
            The policy sends the men's e-mail to {Fmt.N(chosen[HillstromCatalog.Mens])} customers, the women's to
            {Fmt.N(chosen[HillstromCatalog.Womens])} and nothing to {Fmt.N(chosen[Decision.NoSendAction])}. By SNIPS it reaches
            {Fmt.P(snips.Value, 2)} (95 % {Fmt.P(snips.Low, 2)} to {Fmt.P(snips.High, 2)}) against {Fmt.P(mens.Rate, 2)} for the men's
            e-mail to everyone: {(snips.High < mens.Rate ? "worse than the best single arm" : snips.Low > mens.Rate ? "better than the best single arm" : "not distinguishable from the best single arm")}.
            """);
    double PredictedGap(string kind) => choices.Where(c => c.Kind == kind).Average(c => c.Scores[HillstromCatalog.Mens].PGoalSend - c.Scores[HillstromCatalog.Womens].PGoalSend);
    page.Text($"""
        What it did learn holds on customers it never saw: an e-mail raises visits for every kind of customer (no e-mail
        is the lowest bar in each group above{(chosen[Decision.NoSendAction] == 0 ? ", and the policy leaves no one without one" : "")}), and the
        men's e-mail raises them more than the women's for those who bought men's merchandise. Its model also sees that the
        women's e-mail does better with the customers who bought only women's merchandise: the predicted lead of the men's
        e-mail, {Fmt.F(PredictedGap(kinds[0]) * 100, 1)} points for men's-only buyers, is
        {(PredictedGap(kinds[1]) > 0 ? $"{Fmt.F(PredictedGap(kinds[1]) * 100, 1)} points for them" : $"for them a lead of the women's e-mail by {Fmt.F(-PredictedGap(kinds[1]) * 100, 1)} points")}. {(PredictedGap(kinds[1]) > 0 ? $"But it still ranks the men's e-mail first for them, where the two e-mails did about equally well on this half (below): a difference of a fraction of a point, estimated from the training half's {Fmt.N(manifest.Data.TreatmentRows)} e-mails of both kinds, is smaller than the estimate's own error." : "")}
        """);
    page.Text($"""
        That interaction is where the only personalisation lies, and it is small. On this half, for the customers who
        bought only women's merchandise, the women's e-mail reached {Fmt.F(Math.Abs(womensEdge.Difference) * 100, 2)} points
        {(womensEdge.Difference >= 0 ? "more" : "less")} than the men's (95 % interval {Signed(womensEdge.Low)} to
        {Signed(womensEdge.High)} points); over all 64,000 customers it reached 0.34 points more, about 0.15 points on the whole
        population ([docs/results.md](../../docs/results.md), "Hillstrom"). Half the customers measure a policy to about
        ±{Fmt.F((snips.High - snips.Low) * 50, 1)} points (the intervals above), so no estimate here could tell that rule from
        the men's e-mail to everyone. {(leaves < 31
            ? "Larger trees do not find it either: with train's default of 31 leaves (`--leaves 31`) they chase noise, send the women's e-mail to about a third of the customers and lose about half a point"
            : $"Trees this large chase noise: they send the women's e-mail to {Fmt.N(choices.Count(c => c.Kind == kinds[0] && c.Choice == HillstromCatalog.Womens))} customers who bought only men's merchandise, for whom it did {Fmt.F(-Difference(Rate(customers.Where(c => c.Kind == kinds[0] && c.Arm == HillstromCatalog.Womens)), Rate(customers.Where(c => c.Kind == kinds[0] && c.Arm == HillstromCatalog.Mens))).Difference * 100, 1)} points worse than the men's on this half")}
        (the same section of docs/results.md, where four leaves were chosen on the training half alone). On a campaign like this
        one, the product's worth is the measurement: it confirms the best e-mail on customers the model never saw, and says
        how little is left to personalise.
        """);

    (double Value, double Low, double High) Estimate(string estimator)
    {
        var row = learned.First(o => (string)o["estimator"]! == estimator);
        return ((double)row["value"]!, (double)row["ci_low"]!, (double)row["ci_high"]!);
    }
}, readsData: false);

// A difference of rates in points with its sign: "+0.34", "-1.58".
static string Signed(double share) => (share >= 0 ? "+" : "") + Fmt.F(share * 100, 2);

// The visit rate of a group of customers with its 95 % normal-approximation interval.
static (double Rate, double Low, double High, int Customers) Rate(IEnumerable<Customer> group)
{
    var visits = group.Select(c => c.Visited ? 1.0 : 0.0).ToArray();
    var rate = visits.Length == 0 ? double.NaN : visits.Average();
    var half = 1.96 * Math.Sqrt(rate * (1 - rate) / visits.Length);
    return (rate, rate - half, rate + half, visits.Length);
}

// The difference of two independent rates with its 95 % normal-approximation interval.
static (double Difference, double Low, double High) Difference((double Rate, double Low, double High, int Customers) a, (double Rate, double Low, double High, int Customers) b)
{
    var difference = a.Rate - b.Rate;
    var half = 1.96 * Math.Sqrt((a.Rate * (1 - a.Rate) / a.Customers) + (b.Rate * (1 - b.Rate) / b.Customers));
    return (difference, difference - half, difference + half);
}

// Each held-out customer whose decision falls in the evaluated period: the arm the campaign drew, whether a visit
// followed within the two weeks, and the profile the policy decides on. Read through Recommender.Data, as every job reads.
static async Task<List<Customer>> ReadHeldOutAsync(string folder, DateTime from, DateTime until)
{
    var data = DataFolder.Open(folder);
    var profiles = (await ProfileParquetReader.ReadAsync(data.ProfilesPath)).ToDictionary(p => p.UserId, StringComparer.Ordinal);
    var decisions = new List<UserEvent>();
    var visits = new Dictionary<string, DateTime>(StringComparer.Ordinal);
    await foreach (var batch in EventParquetReader.ReadAsync(data.EventsPath, new EventReadOptions()))
    {
        foreach (var e in batch.Events)
        {
            if (e.EventType is EventTypes.MessageSent or EventTypes.DecisionNoSend)
            {
                decisions.Add(e);
            }
            else if (e.EventType == HillstromCatalog.Visit)
            {
                visits[e.UserId] = e.Timestamp;
            }
        }
    }

    return
    [
        .. decisions.Where(d => d.Timestamp >= from && d.Timestamp < until).OrderBy(d => d.UserId, StringComparer.Ordinal).Select(d =>
        {
            var profile = profiles[d.UserId];
            var (men, women) = (profile.Numeric["mens"] == 1, profile.Numeric["womens"] == 1);
            return new Customer(
                d.UserId, d.Timestamp, d.EventType == EventTypes.DecisionNoSend ? Decision.NoSendAction : d.MessageId!,
                visits.TryGetValue(d.UserId, out var v) && v > d.Timestamp && v <= d.Timestamp.AddDays(14),
                men && women ? "bought both" : men ? "bought men's only" : women ? "bought women's only" : "bought neither", profile);
        }),
    ];
}

internal sealed record Customer(string User, DateTime At, string Arm, bool Visited, string Kind, Recommender.Core.Profiles.UserProfile Profile);
