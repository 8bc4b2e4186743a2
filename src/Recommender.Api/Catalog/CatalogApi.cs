using Microsoft.AspNetCore.Http.HttpResults;
using Recommender.Api.Auth;
using Recommender.Api.Infrastructure;
using Recommender.Core.Catalog;
using Recommender.Data.Catalog;
using Recommender.Data.Validation;

namespace Recommender.Api.Catalog;

public static class CatalogApi
{
    private const string RequestFile = "request body";

    public static RouteGroupBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/catalog").WithTags("Catalog");
        group.MapGet("/", GetCatalog)
            .WithName("GetCatalog")
            .WithSummary("The catalog that serves now: the messages and the contact policy.")
            .RequireAuthorization(ApiRoles.Client);
        group.MapPut("/", PutCatalog)
            .WithName("PutCatalog")
            .WithSummary("Replace the catalog (admin): validated like catalog.json, then swapped atomically.")
            .Accepts<MessageCatalog>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(ApiRoles.Admin);
        return group;
    }

    public static Ok<MessageCatalog> GetCatalog(CatalogHolder catalog) => TypedResults.Ok(catalog.Current);

    public static async Task<Results<Ok<MessageCatalog>, ProblemHttpResult>> PutCatalog(
        HttpRequest request, CatalogHolder catalog, IEnumerable<ICatalogGuard> guards, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(guards);

        // The file's own reading (CatalogJson), so a catalog.json can be PUT as it is and is checked exactly as at start:
        // the document's shape first (no null where a value is needed, only finite numbers, no member twice), then the rules.
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        var (candidate, issues) = CatalogJson.Parse(body.GetBuffer().AsMemory(0, (int)body.Length), RequestFile);
        var errors = issues.Where(i => i.Severity == IssueSeverity.Error).ToList();
        if (candidate is null || errors.Count > 0)
        {
            return Problems.Validation("Invalid catalog; the current one keeps serving",
                errors.Select(i => new FieldIssue(i.Row is { } r ? (int)r : null, i.Column ?? "$", i.Expected, i.Found)).ToList());
        }

        foreach (var guard in guards)
        {
            guard.Check(candidate);
        }

        catalog.Replace(candidate);
        return TypedResults.Ok(candidate);
    }
}
