using System.Text.Json;
using Recommender.Models;
using Recommender.Training.Examples;
using Recommender.Training.Learners;
using Recommender.Training.Tests.Support;

namespace Recommender.Training.Tests.Training;

/// <summary>
/// <c>train --negative-rate</c>: the fitting rows with no positive label thinned by a seeded draw, each kept one
/// weighing 1 / rate. Deterministic, recorded, and the weights give back the label rates of the full data.
/// </summary>
public sealed class NegativeSamplingTests(TrainedBundle trained) : IClassFixture<TrainedBundle>
{
    private const double Rate = 0.25;

    private static TrainingOptions Sampled => TrainingData.FastOptions with { NegativeRate = Rate };

    [Fact]
    public async Task Sampled_training_is_recorded_in_the_manifest_and_leaves_calibration_and_validation_rows_whole()
    {
        var result = await new TrainingJob(Sampled, FixedTime.Default).RunAsync(trained.Data, trained.Scratch("sampled"));

        var sampling = result.Manifest.NegativeSampling!;
        Assert.Equal(Rate, sampling.Rate);
        Assert.Equal("option", sampling.Chosen);
        Assert.StartsWith("ON (--negative-rate 0.25)", sampling.Note, StringComparison.Ordinal);
        Assert.True(sampling.DrawnRows > 1_000, $"{sampling.DrawnRows} rows drawn");

        // Binomial(drawn, 0.25): four standard deviations either side.
        var spread = 4 * Math.Sqrt(sampling.DrawnRows * Rate * (1 - Rate));
        Assert.InRange(sampling.KeptRows, (sampling.DrawnRows * Rate) - spread, (sampling.DrawnRows * Rate) + spread);

        // The fits lose exactly the rows the draw dropped; calibration, validation, the positives and the log's counts do not change.
        var (full, thin) = (trained.Result.Manifest, result.Manifest);
        Assert.Equal(full.Models.Propensity.CalibrationRows, thin.Models.Propensity.CalibrationRows);
        Assert.Equal(full.Models.Propensity.FitPositives, thin.Models.Propensity.FitPositives);
        Assert.Equal(full.Models.Fatigue!.FitPositives, thin.Models.Fatigue!.FitPositives);
        Assert.True(thin.Models.Propensity.FitRows < full.Models.Propensity.FitRows - (sampling.DrawnRows / 2));
        Assert.Equal(full.Metrics.Propensity.Rows, thin.Metrics.Propensity.Rows);
        Assert.Equal(full.Metrics.Fatigue.Rows, thin.Metrics.Fatigue.Rows);
        Assert.Equal(full.Data, thin.Data);
        Assert.Equal(full.Uplift, thin.Uplift);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.BundleDirectory, ModelBundle.ManifestFile)));
        Assert.Equal(Rate, json.RootElement.GetProperty("negative_sampling").GetProperty("rate").GetDouble());
        Assert.Equal(Rate, json.RootElement.GetProperty("parameters").GetProperty("negative_rate").GetDouble());
    }

    [Fact]
    public void The_full_data_bundle_records_that_every_row_was_fitted()
    {
        var sampling = trained.Result.Manifest.NegativeSampling!;

        Assert.Equal(1, sampling.Rate);
        Assert.Equal("auto", sampling.Chosen);
        Assert.Equal(0, sampling.DrawnRows);
        Assert.StartsWith("off (auto:", sampling.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Above_the_size_threshold_sampling_turns_itself_on_at_the_auto_rate()
    {
        var options = TrainingData.FastOptions with { NegativeSamplingAboveEvents = 1_000, AutoNegativeRate = 0.5 };

        var result = await new TrainingJob(options, FixedTime.Default).RunAsync(trained.Data, trained.Scratch("auto"));

        var sampling = result.Manifest.NegativeSampling!;
        Assert.Equal(0.5, sampling.Rate);
        Assert.Equal("auto", sampling.Chosen);
        Assert.StartsWith("ON (auto:", sampling.Note, StringComparison.Ordinal);
        Assert.True(sampling.KeptRows > 0 && sampling.KeptRows < sampling.DrawnRows);
    }

    [Fact]
    public async Task The_same_data_and_seed_give_the_same_sampled_bundle_from_the_events_and_from_shards()
    {
        var first = trained.Scratch("sampled-1");
        var second = trained.Scratch("sampled-2");
        var fromShards = trained.Scratch("sampled-shards");
        var shards = trained.Scratch("shards");
        await new TrainingJob(Sampled, FixedTime.Default).RunAsync(trained.Data, first);
        await new TrainingJob(Sampled, FixedTime.Default).RunAsync(trained.Data, second);
        var features = await FeaturesJob.OpenAsync(trained.Data);
        for (var i = 0; i < 2; i++)
        {
            await features.WriteShardAsync(shards, new UserPartition(i, 2));
        }

        await new TrainingJob(Sampled, FixedTime.Default).RunOnShardsAsync(trained.Data, shards, fromShards);

        // ML.NET stamps its zips with the time of writing; every other file, manifest included, must be the same bytes.
        var files = Directory.GetFiles(first).Select(Path.GetFileName).Where(f => !f!.EndsWith(".zip", StringComparison.Ordinal)).ToArray();
        Assert.Contains("fatigue.forest", files);
        foreach (var other in new[] { second, fromShards })
        {
            foreach (var file in files)
            {
                Assert.True(
                    File.ReadAllBytes(Path.Combine(first, file!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(other, file!))),
                    $"{file} differs between {first} and {other}");
            }
        }

        // And another seed draws other rows.
        var reseeded = await new TrainingJob(Sampled with { Seed = 8 }, FixedTime.Default).RunAsync(trained.Data, trained.Scratch("sampled-seed-8"));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(first, "propensity.forest")), File.ReadAllBytes(Path.Combine(reseeded.BundleDirectory, "propensity.forest")));
    }

    [Fact]
    public async Task The_weights_give_back_the_full_datas_goal_rate_among_the_fitting_rows()
    {
        var (full, fullRows) = await GoalRowsAsync(sampled: false);
        var (thin, thinRows) = await GoalRowsAsync(sampled: true);

        var fullRate = fullRows.Fit.Average(i => full.LabelGoal(i) ? 1.0 : 0.0);
        var weighted = thinRows.Fit.Sum(i => thin.LabelGoal(i) ? thin.Weight(i) : 0.0) / thinRows.Fit.Sum(i => (double)thin.Weight(i));
        var unweighted = thinRows.Fit.Average(i => thin.LabelGoal(i) ? 1.0 : 0.0);

        // The weighted rate is P / (P + N_kept / rate): its sampling error comes from the binomial count of negatives kept.
        var positives = fullRows.Fit.Count(i => full.LabelGoal(i));
        var negatives = fullRows.Fit.Length - positives;
        var total = (double)(positives + negatives);
        var error = positives / (total * total) * Math.Sqrt(negatives * (1 - Rate) / Rate);
        Assert.InRange(weighted, fullRate - 4 * error, fullRate + 4 * error);
        Assert.True(unweighted - fullRate > 0.05, $"unweighted {unweighted:F3} against {fullRate:F3}: the sample did not thin the negatives");
    }

    [Fact]
    public async Task Trees_fitted_with_the_weights_predict_the_held_out_rate_and_trees_fitted_without_them_do_not()
    {
        var (table, rows) = await GoalRowsAsync(sampled: true);
        var trainer = new BinaryModelTrainer(Sampled);
        var observed = rows.Calibration.Average(i => table.LabelGoal(i) ? 1.0 : 0.0);

        // The trees' own probability (the sigmoid of the raw score, before any calibration) on users they never saw.
        double MeanPrediction(Func<int, float>? weight)
        {
            var forest = trainer.GrowForest(Sampled.Propensity, table, rows.Fit, table.LabelGoal, weight, maskTreatment: false);
            return TrainedModel.RawScores(forest, table, rows.Calibration).Average(s => 1 / (1 + Math.Exp(-s)));
        }

        var weighted = MeanPrediction(table.Weight);
        var unweighted = MeanPrediction(null);

        Assert.InRange(weighted, observed - 0.02, observed + 0.02);
        Assert.True(unweighted - observed > 0.04, $"unweighted {unweighted:F3} against {observed:F3}");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_rate_outside_zero_to_one_is_refused(double rate)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingJob(TrainingData.FastOptions with { NegativeRate = rate }));

        Assert.Equal(nameof(TrainingOptions.NegativeRate), error.ParamName);
    }

    /// <summary>The goal rows of the fixture's data, every row or sampled at <see cref="Rate"/>, split as training splits them.</summary>
    private async Task<(ExampleTable Table, ModelRows Rows)> GoalRowsAsync(bool sampled)
    {
        var options = Sampled;
        var inputs = trained.Inputs;
        var (table, summary) = await ExampleTableBuilder.BuildAsync(
            inputs.Folder, inputs.Catalog, inputs.Schema, inputs.Profiles, null, 0, options.Seed,
            sampled ? () => new NegativeSampler(Rate, options.Seed, options.CalibrationFraction, options.ValidationDays) : null,
            null, CancellationToken.None);
        var window = TrainingWindows.For(summary.Read.MinTimestamp!.Value, summary.Read.MaxTimestamp!.Value, options.ValidationDays);
        return (table, ModelRows.ForGoal(table, window, inputs.Catalog, options));
    }
}
