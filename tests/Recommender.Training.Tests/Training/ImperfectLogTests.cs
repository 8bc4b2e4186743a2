using System.Text.RegularExpressions;
using Recommender.Core.Features;
using Recommender.Data.Catalog;
using Recommender.Data.Events;
using Recommender.Models;
using Recommender.Models.Manifest;
using Recommender.Simulation;
using Recommender.Training.Tests.Support;

namespace Recommender.Training.Tests.Training;

/// <summary>
/// Logs as real campaign tools keep them: no randomised control group, no opt-outs, one message only. Training still
/// gives a usable bundle, and says loudly what it fell back on; what it cannot do it refuses, every reason at once.
/// </summary>
public sealed class ImperfectLogTests : IDisposable
{
    private readonly TempFolder _root = new();

    [Fact]
    public async Task Without_hold_outs_uplift_is_learnt_from_messages_not_chosen_and_said()
    {
        var data = await WorldAsync(new WorldOptions { Users = 700, Days = 40, Seed = 3, ControlRate = 0 });

        var result = await TrainAsync(data);

        var m = result.Manifest;
        Assert.Equal(UpliftSources.NotChosen, m.Uplift.Source);
        Assert.Equal(0, m.Uplift.ControlRows);
        Assert.Equal(result.Examples.Examples.NotChosen, m.Uplift.NotChosenRows);
        Assert.True(m.Uplift.NotChosenRows > m.Data.TreatmentRows / 2, $"{m.Uplift.NotChosenRows} not-chosen rows for {m.Data.TreatmentRows} sends");
        Assert.Equal("estimated", m.Uplift.Propensities);
        Assert.StartsWith(
            $"0 hold-out decisions (0.0 % of {m.Data.TreatmentRows:N0} sends) are too few to identify P(goal | send nothing) alone (at least 5.0 % of the sends, with 10 goals): " +
            $"it is learnt from them and {m.Uplift.NotChosenRows:N0} rows of messages eligible but not chosen at logged decisions",
            m.Uplift.Note, StringComparison.Ordinal);

        // Without those rows the uplift of a log with no hold-outs is exactly 0 (the treatment input never varies); with
        // them it is positive, below P(goal | send), and follows the world's true uplift.
        Assert.InRange(m.Metrics.Uplift!.MeanPredicted, 0.005, m.Metrics.Propensity.BaseRate!.Value);
        Assert.True(m.Metrics.Uplift.Correlation > 0.2, $"correlation with the true uplift {m.Metrics.Uplift.Correlation}");
        Assert.True(Open(result, data).Scorer.EstimatesNoSend);
    }

    [Fact]
    public async Task Forcing_hold_outs_that_are_not_there_is_refused_with_the_fix()
    {
        var data = await WorldAsync(new WorldOptions { Users = 300, Days = 30, Seed = 3, ControlRate = 0 });

        var error = await Assert.ThrowsAsync<TrainingDataException>(() => TrainAsync(data, TrainingData.FastOptions with { UpliftSource = UpliftSource.RandomizedControl }));

        Assert.Matches(
            new Regex(@"^--uplift-source control, but the log's 0 hold-out decisions \(0\.0 % of [\d,]+ sends\) hold fewer than 10 goals \(or non-goals\) among " +
                @"the training or the calibration rows: they cannot identify P\(goal \| send nothing\)\. Use --uplift-source auto \(not-chosen rows, else response " +
                @"mode\), or a log with more decision_no_send events\.$"),
            error.Message);
    }

    [Fact]
    public async Task Without_opt_outs_there_is_no_fatigue_model_and_the_prior_is_used_and_said()
    {
        var data = await WorldAsync(new WorldOptions { Users = 300, Days = 30, Seed = 3, OptOuts = false });

        var result = await TrainAsync(data, TrainingData.FastOptions with { FatiguePrior = 0.004 });

        var m = result.Manifest;
        Assert.Null(m.Models.Fatigue);
        Assert.Equal(0.004, m.FatiguePrior);
        Assert.Matches(
            new Regex(@"^The fatigue model has no positive label at all \(an unsubscribe or complaint within 168 h of a send\) among its [\d,]+ training rows: " +
                @"the log holds no such outcome in the training period\. Check that the log records them \(event types and message ids\), or train on a " +
                @"longer log\. Decisions use P\(unsubscribe \| send\) = 0\.004 for every message \(--fatigue-prior\)\.$"),
            m.FatigueNote);
        Assert.False(File.Exists(Path.Combine(result.BundleDirectory, "fatigue.forest")));

        // Served: every candidate's unsubscribe probability is the prior, one at a time and all together.
        var bundle = Open(result, data).Bundle;
        Assert.Equal(0.004, bundle.UnsubscribeProbability(new float[bundle.FeatureCount]));
        var n = 3;
        var (sent, notSent, unsubscribe) = (new double[n], new double[n], new double[n]);
        bundle.ScoreCandidates(new float[bundle.FeatureCount], new float[n * bundle.MessageFeatureCount], sent, notSent, unsubscribe);
        Assert.Equal([0.004, 0.004, 0.004], unsubscribe);
    }

    [Fact]
    public async Task Response_mode_ranks_by_the_goal_probability()
    {
        var data = await WorldAsync(new WorldOptions { Users = 300, Days = 30, Seed = 3 });

        var result = await TrainAsync(data, TrainingData.FastOptions with { UpliftSource = UpliftSource.None });

        Assert.Equal(UpliftSources.None, result.Manifest.Uplift.Source);
        Assert.StartsWith("Response mode (--uplift-source none): messages are ranked by P(goal | send) x value - fatigue cost", result.Manifest.Uplift.Note, StringComparison.Ordinal);
        Assert.False(Open(result, data).Scorer.EstimatesNoSend);

        // Not an uplift of exactly zero in the manifest: the log cannot tell, so the metric is absent.
        Assert.Null(result.Manifest.Metrics.Uplift);
    }

    [Fact]
    public async Task With_nothing_to_identify_the_baseline_auto_falls_back_to_response_mode_and_says_what_would_fix_it()
    {
        // One message and no hold-outs: no decision passes a message over for another, so nothing shows its goal without it.
        var data = await WorldAsync(new WorldOptions { Users = 2_000, Days = 40, Seed = 3, ControlRate = 0 });
        var mostSent = await MostSentAsync(data);
        TrainingData.ChangeCatalog(data, c => c with { Messages = [c.Messages.Single(m => m.Id == mostSent)] });

        var result = await TrainAsync(data);

        var u = result.Manifest.Uplift;
        Assert.Equal(UpliftSources.None, u.Source);
        Assert.Equal(0, u.NotChosenRows);
        Assert.Matches(
            new Regex(@"^Response mode: nothing in the log identifies P\(goal \| send nothing\) \(0 hold-out decisions \(0\.0 % of [\d,]+ sends\), 0 not-chosen rows, " +
                @"fewer than 10 goals without a send among them\)\. Messages are ranked by P\(goal \| send\) x value - fatigue cost, so the uplift reported is " +
                @"P\(goal \| send\)\. About [\d,]+ hold-out decisions would let the next bundle learn uplift; serving with exploration on logs them"),
            u.Note);
    }

    [Fact]
    public async Task Every_refusal_of_a_run_is_reported_together_each_with_its_fix()
    {
        var data = await WorldAsync(new WorldOptions { Users = 300, Days = 30, Seed = 3 });
        TrainingData.ChangeCatalog(data, c => c with
        {
            Messages = c.Messages.Select((m, i) => i == 0 ? m with { GoalEvent = "never_happens" } : m).ToArray(),
        });

        var error = await Assert.ThrowsAsync<TrainingDataException>(() => TrainAsync(data, TrainingData.FastOptions with { MinimumPositives = 100_000 }));

        var lines = error.Message.Split('\n');
        Assert.Equal("Training cannot start, for 2 reasons:", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("  1. Catalog goal events never occur in ", lines[1], StringComparison.Ordinal);
        Assert.Contains("'never_happens' (goal of welcome_tour)", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("  2. The propensity model has ", lines[2], StringComparison.Ordinal);
        Assert.Contains(
            "it needs at least 100,000 positives and as many negatives. Train on a longer log or more users, use fewer --validation-days (now 10), " +
            "or pass --min-positives ", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_window_longer_than_the_training_period_is_named_as_the_cause()
    {
        // A 168 h fatigue window and a training period of 5 days: no send's window closes before validation starts.
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var window = new TrainingWindow(start, start.AddDays(19), start.AddDays(5));

        var problem = TrainingChecks.Shortfall("fatigue", "an unsubscribe within 168 h of a send", new Recommender.Training.Examples.ModelRows([], [], [1]), _ => false, new TrainingOptions(), window);

        Assert.Equal(
            "The fatigue model has no training rows: no decision in the 5 days before the validation window has its label (an unsubscribe within " +
            "168 h of a send) closed before that window starts. Use fewer --validation-days (now 14) or a longer log.",
            problem);
    }

    public void Dispose() => _root.Dispose();

    private static async Task<string> MostSentAsync(string data)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var batch in EventParquetReader.ReadAsync(Path.Combine(data, DataSetWriter.EventsFile), new EventReadOptions()))
        {
            foreach (var e in batch.Events.Where(e => e.EventType == Core.Events.EventTypes.MessageSent))
            {
                counts[e.MessageId!] = counts.GetValueOrDefault(e.MessageId!) + 1;
            }
        }

        return counts.MaxBy(c => c.Value).Key;
    }

    private async Task<string> WorldAsync(WorldOptions world)
    {
        var data = _root.File($"data-{Guid.NewGuid():N}");
        await TrainingData.WriteAsync(data, world);
        return data;
    }

    private Task<TrainingResult> TrainAsync(string data, TrainingOptions? options = null) =>
        new TrainingJob(options ?? TrainingData.FastOptions).RunAsync(data, _root.File($"bundle-{Guid.NewGuid():N}"));

    /// <summary>The bundle as serving opens it, for the catalog it was trained with.</summary>
    private static (ModelCandidateScorer Scorer, ModelBundle Bundle) Open(TrainingResult result, string data)
    {
        var catalog = CatalogJson.Load(Path.Combine(data, DataSetWriter.CatalogFile));
        var schema = FeatureSchema.Create(catalog, result.Manifest.FeatureSchemaOptions);
        var bundle = ModelBundle.Load(result.BundleDirectory, schema);
        return (new ModelCandidateScorer(bundle, schema), bundle);
    }
}
