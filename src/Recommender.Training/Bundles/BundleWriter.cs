using System.Text.Json;
using Recommender.Core;
using Recommender.Training.Models;

namespace Recommender.Training.Bundles;

/// <summary>
/// Writes a bundle into a fresh sibling folder and only then puts it in place, so that a reader (the API's hot
/// reload) never sees half a bundle, and a failed run leaves the previous bundle as it was.
/// </summary>
internal static class BundleWriter
{
    public const string PropensityMlNet = "propensity.mlnet.zip";
    public const string FatigueMlNet = "fatigue.mlnet.zip";

    public static async Task WriteAsync(
        string directory, BundleManifest manifest, TrainedModel propensity, TrainedModel fatigue, CancellationToken ct)
    {
        var target = Path.GetFullPath(directory);
        var parent = Path.GetDirectoryName(target) ?? throw new ArgumentException($"'{directory}' has no parent folder to write a bundle into.", nameof(directory));
        Directory.CreateDirectory(parent);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !File.Exists(Path.Combine(target, ModelBundle.ManifestFile)))
        {
            // Replacing a bundle is routine; wiping a folder that merely has the same name is not.
            throw new IOException($"'{directory}' exists and is not a model bundle (it has no {ModelBundle.ManifestFile}); choose another output folder or empty it first.");
        }

        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.writing-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            propensity.Save(Path.Combine(staging, manifest.Models.Propensity.MlNet));
            fatigue.Save(Path.Combine(staging, manifest.Models.Fatigue.MlNet));
            await using (var stream = File.Create(Path.Combine(staging, ModelBundle.ManifestFile)))
            {
                await JsonSerializer.SerializeAsync(stream, manifest, CoreJson.Indented, ct).ConfigureAwait(false);
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
}
