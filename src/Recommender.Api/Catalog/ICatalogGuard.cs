using Recommender.Core.Catalog;

namespace Recommender.Api.Catalog;

/// <summary>
/// Something that must agree to a new catalog before it serves: <c>PUT /v1/catalog</c> asks every guard after the
/// catalog's own validation. Defined here so that the features that depend on the catalog (the model) plug in
/// without the catalog knowing them.
/// </summary>
public interface ICatalogGuard
{
    /// <exception cref="CatalogConflictException">The catalog cannot serve beside what this guard protects.</exception>
    void Check(MessageCatalog candidate);
}
