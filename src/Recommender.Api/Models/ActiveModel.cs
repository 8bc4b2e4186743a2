using Recommender.Core.Catalog;
using Recommender.Core.Features;
using Recommender.Decisioning;

namespace Recommender.Api.Models;

/// <summary>
/// A scorer ready to serve, with what the API reports about it. <see cref="SchemaOptions"/> lets the API rebuild
/// the feature schema the model was trained on for any catalog, and refuse a catalog that would change it.
/// </summary>
public sealed record ActiveModel(
    string Version,
    ICandidateScorer Scorer,
    FeatureSchemaOptions SchemaOptions,
    string? SchemaHash,
    string? Directory,
    DateTimeOffset LoadedAt)
{
    public FeatureSchema SchemaFor(MessageCatalog catalog) => FeatureSchema.Create(catalog, SchemaOptions);
}
