using Recommender.Api.Catalog;
using Recommender.Core.Catalog;

namespace Recommender.Api.Models;

/// <summary>
/// Refuses a catalog that would change the active model's feature schema: a model reads features whose layout
/// depends on the catalog (channels, message ids), so the two are replaced together or not at all.
/// </summary>
internal sealed class ModelCatalogGuard(ModelHolder models) : ICatalogGuard
{
    public void Check(MessageCatalog candidate)
    {
        var model = models.Current;
        if (model.SchemaHash is { } hash && model.SchemaFor(candidate).Hash != hash)
        {
            throw new CatalogConflictException(
                $"This catalog changes the feature schema of model '{model.Version}' (hash {hash}); train a bundle for it, then replace both.");
        }
    }
}
