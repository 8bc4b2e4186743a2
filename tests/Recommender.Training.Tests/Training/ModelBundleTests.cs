using System.Text.Json.Nodes;
using Recommender.Core.Features;
using Recommender.Models;
using Recommender.Training.Bundles;
using Recommender.Training.Tests.Support;

namespace Recommender.Training.Tests.Training;

/// <summary>Serving loads a bundle once and refuses anything it cannot trust, saying how to fix it.</summary>
public sealed class ModelBundleTests(TrainedBundle trained) : IClassFixture<TrainedBundle>
{
    private FeatureSchema Schema => trained.Inputs.Schema;

    [Fact]
    public void A_bundle_loads_against_its_schema_and_scores_probabilities()
    {
        var bundle = ModelBundle.Load(trained.Bundle, Schema);
        var features = new float[bundle.FeatureCount];

        var send = bundle.GoalProbability(features, send: true);
        var noSend = bundle.GoalProbability(features, send: false);

        Assert.InRange(send, 0, 1);
        Assert.InRange(noSend, 0, 1);
        Assert.Equal(send - noSend, bundle.Uplift(features), 12);
        Assert.InRange(bundle.UnsubscribeProbability(features), 0, 1);
        Assert.Throws<ArgumentException>(() => bundle.GoalProbability(new float[bundle.FeatureCount - 1], send: true));
    }

    [Fact]
    public void A_bundle_trained_on_another_feature_schema_is_refused_at_load()
    {
        var inputs = trained.Inputs;
        var other = FeatureSchema.Create(inputs.Catalog, inputs.Schema.Options with { EventTypes = ["session_started"] });

        var error = Assert.Throws<ModelBundleException>(() => ModelBundle.Load(trained.Bundle, other));

        Assert.Contains(inputs.Schema.Hash[..12], error.Message, StringComparison.Ordinal);
        Assert.Contains(other.Hash[..12], error.Message, StringComparison.Ordinal);
        Assert.Contains("Retrain", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no manifest", "no manifest.json")]
    [InlineData("not json", "not a valid bundle manifest")]
    [InlineData("format 99", "format version 99")]
    [InlineData("no metrics", "not a valid bundle manifest")]
    [InlineData("inputs without is_treatment", "model_inputs")]
    [InlineData("no forest", "lacks its model file propensity.forest")]
    [InlineData("broken forest", "not a readable compiled forest")]
    [InlineData("calibration without parameters", "without its parameters")]
    public void A_damaged_bundle_is_refused_naming_what_is_wrong(string damage, string expected)
    {
        var copy = trained.Scratch("damaged");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(trained.Bundle))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        var manifestPath = Path.Combine(copy, ModelBundle.ManifestFile);
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        switch (damage)
        {
            case "no manifest":
                File.Delete(manifestPath);
                break;
            case "not json":
                File.WriteAllText(manifestPath, "{ this is not json");
                break;
            case "format 99":
                manifest["format_version"] = 99;
                File.WriteAllText(manifestPath, manifest.ToJsonString());
                break;
            case "no metrics":
                manifest.Remove("metrics");
                File.WriteAllText(manifestPath, manifest.ToJsonString());
                break;
            case "inputs without is_treatment":
                manifest["model_inputs"]!.AsArray().RemoveAt(manifest["model_inputs"]!.AsArray().Count - 1);
                File.WriteAllText(manifestPath, manifest.ToJsonString());
                break;
            case "no forest":
                File.Delete(Path.Combine(copy, "propensity.forest"));
                break;
            case "broken forest":
                File.WriteAllBytes(Path.Combine(copy, "propensity.forest"), [1, 2, 3, 4]);
                break;
            case "calibration without parameters":
                File.WriteAllText(Path.Combine(copy, "fatigue.calibration.json"), """{ "method": "isotonic" }""");
                break;
        }

        var error = Assert.Throws<ModelBundleException>(() => ModelBundle.Load(copy, Schema));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Training_refuses_to_replace_a_folder_that_is_not_a_bundle()
    {
        var folder = trained.Scratch("not-a-bundle");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "precious");

        var error = await Assert.ThrowsAsync<IOException>(() => new TrainingJob(TrainingData.FastOptions).RunAsync(trained.Data, folder));

        Assert.Contains("is not a model bundle", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "notes.txt")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Training_refuses_an_output_it_cannot_replace_before_it_reads_anything(bool isFile)
    {
        // Before: the refusal came after every model was fit (minutes at scale, twenty at a million users).
        var target = trained.Scratch(isFile ? "bundle-is-a-file" : "bundle-is-a-folder");
        if (isFile)
        {
            await File.WriteAllTextAsync(target, "not a folder");
        }
        else
        {
            Directory.CreateDirectory(target);
            await File.WriteAllTextAsync(Path.Combine(target, "notes.txt"), "precious");
        }

        var phases = new PhaseLog();
        var error = await Assert.ThrowsAsync<IOException>(() => new TrainingJob(TrainingData.FastOptions).RunAsync(trained.Data, target, phases));

        Assert.Contains(isFile ? "is a file, not a folder for a model bundle" : "is not a model bundle", error.Message, StringComparison.Ordinal);
        Assert.Empty(phases.Seen);
    }

    /// <summary>Records each phase as it is reported (synchronously, unlike <see cref="Progress{T}"/>).</summary>
    private sealed class PhaseLog : IProgress<TrainingProgress>
    {
        public List<TrainingPhase> Seen { get; } = [];

        public void Report(TrainingProgress value) => Seen.Add(value.Phase);
    }
}
