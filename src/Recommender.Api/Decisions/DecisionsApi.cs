using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Recommender.Api.Auth;
using Recommender.Api.Infrastructure;

namespace Recommender.Api.Decisions;

public static class DecisionsApi
{
    public static RouteGroupBuilder MapDecisionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/decisions").WithTags("Decisions").RequireAuthorization(ApiRoles.Client);
        group.MapPost("/", PostDecision)
            .WithName("PostDecision")
            .WithSummary("Decide which message (if any) to send to a user now, or when and on which channel in a look-ahead, with the full explanation.")
            .Produces<DecisionResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapDecisionBatch();
        return group;
    }

    public static async Task<Results<DecisionDocumentResult, ProblemHttpResult>> PostDecision(
        DecisionBody body,
        DecisionService decisions,
        IOptions<DecisionOptions> options,
        IOptions<InputLimits> limits,
        TimeProvider time,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var issues = new List<FieldIssue>();
        if (CheckedDecisionRequest.Check(body, null, options.Value, limits.Value, time.GetUtcNow(), issues) is not { } request)
        {
            return Problems.Validation("Invalid decision request", issues);
        }

        // The answer is the document the decision log also stores: written once (see DecisionDocument).
        return new DecisionDocumentResult(await decisions.DecideAsync(request.UserId, request.Channel, request.Candidates, request.AsOf, ct, request.DecisionId, request.SendTime));
    }
}
