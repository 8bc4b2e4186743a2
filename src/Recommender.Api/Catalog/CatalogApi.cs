using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Recommender.Api.Auth;
using Recommender.Api.Infrastructure;
using Recommender.Core;
using Recommender.Core.Catalog;
using Recommender.Data;
using Recommender.Data.Catalog;
using Recommender.Data.Validation;

namespace Recommender.Api.Catalog;

public static class CatalogApi
{
    private const string RequestFile = "request body";

    public static RouteGroupBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/catalog").WithTags("Catalog");
        group.MapGet("/", GetCatalog).WithName("GetCatalog").RequireAuthorization(ApiRoles.Client);
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
        MessageCatalog? candidate;
        try
        {
            // The file's own convention (CoreJson), so a catalog.json can be PUT as it is.
            candidate = await JsonSerializer.DeserializeAsync<MessageCatalog>(request.Body, CoreJson.Options, ct);
        }
        catch (JsonException e)
        {
            return Problems.Validation("Invalid catalog JSON", [new FieldIssue(null, e.Path ?? "$", "a catalog (messages and policy)", e.Message)]);
        }

        if (candidate?.Messages is null)
        {
            return Problems.Validation("Invalid catalog", [new FieldIssue(null, "messages", "an array of messages", "nothing")]);
        }

        var errors = CatalogJson.Validate(candidate, RequestFile).Where(i => i.Severity == IssueSeverity.Error).ToList();
        if (errors.Count > 0)
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
