namespace Recommender.Api.Catalog;

/// <summary>Section <c>Catalog</c>.</summary>
public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>
    /// catalog.json to serve at start and to write back when an admin replaces the catalog. When null, the
    /// bootstrap folder's catalog.json is served (not written back); with neither, the catalog is empty.
    /// </summary>
    public string? Path { get; set; }
}
