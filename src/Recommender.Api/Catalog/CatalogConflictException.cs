using Recommender.Api.Infrastructure;

namespace Recommender.Api.Catalog;

/// <summary>A catalog that a <see cref="ICatalogGuard"/> refuses (it would change the active model's feature schema); answered 409.</summary>
public sealed class CatalogConflictException(string message) : ApiProblemException(message)
{
    public override int StatusCode => StatusCodes.Status409Conflict;

    public override string Title => "Catalog conflicts with the active model";
}
