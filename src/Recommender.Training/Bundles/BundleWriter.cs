using System.Text.Encodings.Web;
using System.Text.Json;
using Recommender.Core;
using Recommender.Models;
using Recommender.Models.Manifest;
using Recommender.Training.Examples;
using Recommender.Training.Learners;

namespace Recommender.Training.Bundles;

/// <summary>
/// Writes a bundle into a fresh sibling folder and only then puts it in place, so that a reader (the API's hot
/// reload) never sees half a bundle, and a failed run leaves the previous bundle as it was.
/// </summary>
internal static class BundleWriter
{
    /// <summary>The product's JSON convention, with '+' (code versions) and non-ASCII names left readable.</summary>
    private static readonly JsonSerializerOptions ManifestJson = new(CoreJson.Indented) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The files of a model named <paramref name="name"/>, with its row counts.</summary>
    public static BundleModel Describe(string name, TrainedModel model, ModelRows rows, Func<int, bool> label) => new(
        $"{name}.forest",
        $"{name}.calibration.json",
        $"{name}.mlnet.zip",
        model.Forest.TreeCount,
        rows.Fit.Length,
        rows.Fit.Count(label),
        rows.Calibration.Length,
        rows.Calibration.Count(label));

    /// <summary>
    /// Refuses a <paramref name="directory"/> a bundle cannot replace: a file, or a folder with other contents and no
    /// manifest. Training calls it before it starts, so that a wrong --out is said at once, not after the models are fit.
    /// </summary>
    /// <returns>The full paths of the bundle's folder and of its parent.</returns>
    /// <exception cref="IOException">The path is a file, or a folder that holds something other than a bundle.</exception>
    public static (string Target, string Parent) CheckTarget(string directory)
    {
        var target = Path.GetFullPath(directory);
        var parent = Path.GetDirectoryName(target) ?? throw new ArgumentException($"'{directory}' has no parent folder to write a bundle into.", nameof(directory));
        if (File.Exists(target))
        {
            throw new IOException($"'{directory}' is a file, not a folder for a model bundle; choose another output folder.");
        }

        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !File.Exists(Path.Combine(target, ModelBundle.ManifestFile)))
        {
            // Replacing a bundle is routine; wiping a folder that merely has the same name is not.
            throw new IOException($"'{directory}' exists and is not a model bundle (it has no {ModelBundle.ManifestFile}); choose another output folder or empty it first.");
        }

        return (target, parent);
    }

    public static async Task WriteAsync(
        string directory, BundleManifest manifest, TrainedModel propensity, TrainedModel? fatigue, TrainedModel? control, CancellationToken ct)
    {
        var (target, parent) = CheckTarget(directory);
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.writing-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            Save(staging, manifest.Models.Propensity, propensity);
            if (fatigue is not null)
            {
                Save(staging, manifest.Models.Fatigue!, fatigue);
            }

            if (control is not null)
            {
                Save(staging, manifest.Models.Control!, control);
            }
            await using (var stream = File.Create(Path.Combine(staging, ModelBundle.ManifestFile)))
            {
                await JsonSerializer.SerializeAsync(stream, manifest, ManifestJson, ct).ConfigureAwait(false);
            }

            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            Directory.Move(staging, target);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static void Save(string directory, BundleModel files, TrainedModel model)
    {
        using (var stream = File.Create(Path.Combine(directory, files.Forest)))
        {
            model.Forest.Save(stream);
        }

        BundleCalibration.Of(model.Calibrator).Save(Path.Combine(directory, files.Calibration));
        model.SaveMlNet(Path.Combine(directory, files.MlNet));
    }
}
