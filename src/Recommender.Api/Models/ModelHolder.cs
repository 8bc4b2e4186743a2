using Microsoft.Extensions.Options;
using Recommender.Api.Catalog;
using Recommender.Api.Infrastructure;

namespace Recommender.Api.Models;

/// <summary>
/// The model that serves now. A reload builds the new model completely, then swaps one reference: requests see
/// the old model or the new one, never a mix, and a refused bundle leaves the old one in place.
/// </summary>
public sealed class ModelHolder
{
    private readonly IModelLoader _loader;
    private readonly CatalogHolder _catalog;
    private readonly Lock _reload = new();
    private volatile ActiveModel _current;

    public ModelHolder(IModelLoader loader, CatalogHolder catalog, IOptions<ModelOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _loader = loader;
        _catalog = catalog;
        Directory = options.Value.Path;
        if (Directory is not null && catalog.Current.Messages.Count == 0)
        {
            // A bundle's features are laid out by the catalog's messages: with none, no decision could be scored.
            throw new ServerConfigurationException(
                $"Model:Path (--model) is '{Directory}' but no catalog serves: set Catalog:Path to a catalog.json, or --bootstrap " +
                "a data folder that has one. A model's feature schema depends on the catalog it was trained with.");
        }

        _current = Directory is null ? loader.Fallback(catalog.Current) : loader.Load(Directory, catalog.Current);
    }

    public ActiveModel Current => _current;

    /// <summary>The bundle folder a reload without a path reads again.</summary>
    public string? Directory { get; private set; }

    /// <exception cref="ModelLoadException">The bundle was refused; the current model keeps serving.</exception>
    public ActiveModel Reload(string? directory)
    {
        lock (_reload)
        {
            var path = directory ?? Directory
                ?? throw new ModelLoadException("No bundle folder: give \"path\" in the request or start the server with --model.");
            var model = _loader.Load(path, _catalog.Current);
            _current = model;
            Directory = path;
            return model;
        }
    }
}
