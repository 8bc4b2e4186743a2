using Recommender.Core.Catalog;
using Recommender.Models;

namespace Recommender.Api.Models;

/// <summary>
/// Loads trained bundles (<c>recommender train</c>): rebuilds the feature schema the bundle was trained on for the
/// serving catalog, and refuses a bad manifest, a missing model file or a schema mismatch at load time, so a
/// reload either fully succeeds or leaves the old model serving. Without a bundle the baseline scorer serves.
/// </summary>
internal sealed class BundleModelLoader(TimeProvider time) : IModelLoader
{
    public ActiveModel Load(string directory, MessageCatalog catalog)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        try
        {
            var scorer = ModelCandidateScorer.Open(directory, catalog);
            return new ActiveModel(scorer.Version!, scorer, scorer.Manifest.FeatureSchemaOptions, scorer.Manifest.FeatureSchemaHash,
                Path.GetFullPath(directory), time.GetUtcNow());
        }
        catch (ModelBundleException e)
        {
            throw new ModelLoadException(e.Message, e);
        }
    }

    public ActiveModel Fallback(MessageCatalog catalog) => new(
        BaselineScorer.BaselineVersion, new BaselineScorer(), new Core.Features.FeatureSchemaOptions(), null, null, time.GetUtcNow());
}
