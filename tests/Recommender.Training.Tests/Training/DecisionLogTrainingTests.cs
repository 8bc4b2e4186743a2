using System.Text.Json.Nodes;
using Recommender.Core.Events;
using Recommender.Data;
using Recommender.Data.Oracle;
using Recommender.Data.Validation;
using Recommender.Models;
using Recommender.Simulation;
using Recommender.Training.Bundles;
using Recommender.Training.Tests.Support;

namespace Recommender.Training.Tests.Training;

/// <summary><c>train --decision-log</c>: the log's control rows are trained on like the events' own, and the manifest says so.</summary>
public sealed class DecisionLogTrainingTests(TrainedBundle trained) : IClassFixture<TrainedBundle>
{
    [Fact]
    public async Task The_worlds_held_out_decisions_read_from_a_decision_log_train_the_same_models_and_the_manifest_records_the_log()
    {
        var (data, log, noSends) = await SplitAsync();
        var bundle = trained.Scratch("with-log");

        var result = await new TrainingJob(TrainingData.FastOptions, FixedTime.Default).RunAsync(data, [log], bundle);

        // Bit for bit the models trained on the world's own control rows.
        foreach (var file in Directory.GetFiles(trained.Bundle).Select(Path.GetFileName).Where(f => !f!.EndsWith(".zip", StringComparison.Ordinal) && f != ModelBundle.ManifestFile))
        {
            Assert.True(
                File.ReadAllBytes(Path.Combine(trained.Bundle, file!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(bundle, file!))),
                $"{file} differs from the bundle trained with the control rows in the events");
        }

        Assert.Equal(Comparable(trained.Bundle), Comparable(bundle));
        Assert.Equal(trained.Result.Manifest.Data, result.Manifest.Data);
        var logged = result.Manifest.DecisionLog!;
        Assert.Equal((3L, noSends, noSends, noSends, 0L), (logged.Files, logged.Decisions, logged.NoSends, logged.ControlRows, logged.SendsUnconfirmed));
        Assert.Matches("^sha256:[0-9a-f]{64}$", logged.Fingerprint);
        Assert.NotEqual(trained.Result.Manifest.DataFingerprint, result.Manifest.DataFingerprint);
        Assert.Null(trained.Result.Manifest.DecisionLog);
        Assert.DoesNotContain("decision_log", File.ReadAllText(Path.Combine(trained.Bundle, ModelBundle.ManifestFile)), StringComparison.Ordinal);

        // The same data, log and seed: the same bundle, manifest included.
        var again = trained.Scratch("with-log-again");
        await new TrainingJob(TrainingData.FastOptions, FixedTime.Default).RunAsync(data, [log], again);
        Assert.Equal(File.ReadAllText(Path.Combine(bundle, ModelBundle.ManifestFile)), File.ReadAllText(Path.Combine(again, ModelBundle.ManifestFile)));
    }

    [Fact]
    public async Task A_decision_log_folder_without_a_complete_file_fails_training_before_anything_is_written()
    {
        var log = trained.Scratch("log");
        Directory.CreateDirectory(log);
        await File.WriteAllTextAsync(Path.Combine(log, "decisions-1.parquet.tmp"), "still being written");
        var bundle = trained.Scratch("bundle");

        var error = await Assert.ThrowsAsync<DataValidationException>(() => new TrainingJob(TrainingData.FastOptions).RunAsync(trained.Data, [log], bundle));

        var issue = Assert.Single(error.Issues);
        Assert.Equal(log, issue.File);
        Assert.Contains("still being written", issue.Found, StringComparison.Ordinal);
        Assert.False(Directory.Exists(bundle));
    }

    /// <summary>A copy of the fixture's data whose held-out decisions are in a decision log instead of the events.</summary>
    private async Task<(string Data, string Log, long NoSends)> SplitAsync()
    {
        var data = trained.Scratch("data");
        TrainingData.CopyInputs(trained.Data, data);
        File.Copy(Path.Combine(trained.Data, OracleParquetWriter.FileName), Path.Combine(data, OracleParquetWriter.FileName));
        var noSends = new List<UserEvent>();
        await TrainingData.FilterEventsAsync(data, e =>
        {
            if (e.EventType != EventTypes.DecisionNoSend)
            {
                return true;
            }

            noSends.Add(e);
            return false;
        });

        var log = trained.Scratch("log");
        var ids = trained.Inputs.Catalog.Messages.Select(m => m.Id).ToList();
        await DecisionLogTestFile.WriteFolderAsync(log, [.. noSends.Select(e => WorldDecisions.FromWorld(e, ids))], files: 3);
        return (data, log, noSends.Count);
    }

    /// <summary>The manifest without what names the inputs (the data fingerprint, the decision log).</summary>
    private static string Comparable(string bundle)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(bundle, ModelBundle.ManifestFile)))!.AsObject();
        manifest.Remove("data_fingerprint");
        manifest.Remove("decision_log");

        // Its note states the events table's row count, which moving the hold-outs into the log lowers.
        manifest.Remove("negative_sampling");
        return manifest.ToJsonString();
    }
}
