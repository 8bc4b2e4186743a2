using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Recommender.Api.Auth;
using Recommender.Api.Infrastructure;

namespace Recommender.Api.Models;

public static class ModelsApi
{
    public static RouteGroupBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/models").WithTags("Models");
        group.MapGet("/active", GetActive)
            .WithName("GetActiveModel")
            .WithSummary("The model that serves now: its version (folder and content hash), folder, feature schema and load time.")
            .RequireAuthorization(ApiRoles.Client);
        group.MapPost("/reload", Reload)
            .WithName("ReloadModel")
            .WithSummary("Load a bundle (the body's path, or the serving folder again) and swap it in; a refused bundle leaves the old one serving.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireAuthorization(ApiRoles.Admin);
        return group;
    }

    public static Ok<ModelView> GetActive(ModelHolder models) => TypedResults.Ok(ModelView.From(models.Current));

    public static Results<Ok<ModelView>, ProblemHttpResult> Reload([FromBody] ReloadBody? body, ModelHolder models)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (body?.Path is { } path && (string.IsNullOrWhiteSpace(path) || path.Contains('\0', StringComparison.Ordinal)))
        {
            return Problems.Validation("Invalid reload request",
                [new FieldIssue(null, "path", "a bundle folder, or null to reload the serving one", JsonText.Quote(path.Replace("\0", "\\0", StringComparison.Ordinal)))]);
        }

        return TypedResults.Ok(ModelView.From(models.Reload(body?.Path)));
    }
}

public sealed record ReloadBody(string? Path);

public sealed record ModelView(string Version, string? Directory, string? SchemaHash, DateTimeOffset LoadedAt)
{
    public static ModelView From(ActiveModel m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.Version, m.Directory, m.SchemaHash, m.LoadedAt);
    }
}
