using Microsoft.Extensions.Options;
using Recommender.Api.Bootstrap;
using Recommender.Core.Catalog;
using Recommender.Data;
using Recommender.Data.Catalog;

namespace Recommender.Api.Catalog;

/// <summary>The catalog that serves now; replaced by swapping one reference, so a decision sees one catalog whole.</summary>
public sealed class CatalogHolder
{
    private readonly string? _persistPath;
    private readonly Lock _write = new();
    private volatile MessageCatalog _current;

    public CatalogHolder(IOptions<CatalogOptions> catalog, IOptions<BootstrapOptions> bootstrap)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(bootstrap);
        _persistPath = catalog.Value.Path;
        var source = _persistPath ?? BootstrapCatalog(bootstrap.Value.Path);
        _current = source is null ? new MessageCatalog { Messages = [] } : CatalogJson.Load(source);
    }

    public MessageCatalog Current => _current;

    /// <summary>Swaps in a catalog the caller has validated, writing it to <see cref="CatalogOptions.Path"/> first when set.</summary>
    public void Replace(MessageCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        lock (_write)
        {
            if (_persistPath is not null)
            {
                // Write beside, then rename: a crash leaves the old file or the new one, never half of one.
                var temp = _persistPath + ".tmp";
                CatalogJson.Save(temp, catalog);
                File.Move(temp, _persistPath, overwrite: true);
            }

            _current = catalog;
        }
    }

    private static string? BootstrapCatalog(string? folder)
    {
        if (folder is null)
        {
            return null;
        }

        var path = Path.Combine(folder, DataFolder.CatalogFileName);
        return File.Exists(path) ? path : null;
    }
}
