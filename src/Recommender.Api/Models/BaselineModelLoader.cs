using Recommender.Core.Catalog;
using Recommender.Core.Features;

namespace Recommender.Api.Models;

/// <summary>
/// The loader until trained bundles can be read here: serves <see cref="BaselineScorer"/> and refuses every bundle
/// folder with a message that says why, so a reload never half-succeeds.
/// </summary>
internal sealed class BaselineModelLoader(TimeProvider time) : IModelLoader
{
    public ActiveModel Load(string directory, MessageCatalog catalog)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        throw new ModelLoadException($"'{directory}' cannot be loaded: this build serves the baseline scorer only (no bundle reader).");
    }

    public ActiveModel Fallback(MessageCatalog catalog) => new(
        BaselineScorer.BaselineVersion, new BaselineScorer(), new FeatureSchemaOptions(), null, null, time.GetUtcNow());
}
