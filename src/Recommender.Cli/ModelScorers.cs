using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Decisioning;
using Recommender.Training.Bundles;

namespace Recommender.Cli;

/// <summary>Opens a model bundle as the decision engine's scorer, with the feature schema it was trained on.</summary>
internal static class ModelScorers
{
    /// <exception cref="ModelBundleException">The folder is not a bundle, or its schema does not match this catalog and code.</exception>
    public static ICandidateScorer Load(string directory, MessageCatalog catalog)
    {
        var manifest = ModelBundle.ReadManifest(directory);
        var schema = FeatureSchema.Create(catalog, manifest.FeatureSchemaOptions);
        return new ModelCandidateScorer(ModelBundle.Load(directory, schema), schema);
    }
}
