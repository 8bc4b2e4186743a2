namespace Recommender.Api.Infrastructure;

/// <summary>A catalog that would change the active model's feature schema; answered 409.</summary>
public sealed class CatalogConflictException(string message) : Exception(message);
