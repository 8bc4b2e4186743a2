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
            .WithSummary("Decide which message (if any) to send to a user now, with the full explanation.")
            .Produces<DecisionResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    public static async Task<Results<DecisionDocumentResult, ProblemHttpResult>> PostDecision(
        DecisionBody body, DecisionService decisions, IOptions<DecisionOptions> options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        var issues = new List<FieldIssue>();
        if (string.IsNullOrWhiteSpace(body.UserId))
        {
            issues.Add(new FieldIssue(null, "user_id", "a non-empty string", body.UserId is null ? "nothing" : $"\"{body.UserId}\""));
        }

        if (body.Channel is { } channel && string.IsNullOrWhiteSpace(channel))
        {
            issues.Add(new FieldIssue(null, "channel", "a non-empty string or null", $"\"{channel}\""));
        }

        if (body.Candidates is { } candidates)
        {
            var max = options.Value.MaxCandidates;
            if (candidates.Count == 0 || candidates.Count > max)
            {
                issues.Add(new FieldIssue(null, "candidates", $"null or between 1 and {max} message ids", $"{candidates.Count} ids"));
            }

            for (var i = 0; i < candidates.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(candidates[i]))
                {
                    issues.Add(new FieldIssue(i, "candidates", "a non-empty message id", candidates[i] is null ? "null" : $"\"{candidates[i]}\""));
                }
            }
        }

        DateTime? asOf = null;
        if (body.AsOf is { } text)
        {
            if (Timestamps.TryParse(text, out var parsed))
            {
                asOf = parsed;
            }
            else
            {
                issues.Add(new FieldIssue(null, "as_of", Timestamps.Expected, $"\"{text}\""));
            }
        }

        if (issues.Count > 0)
        {
            return Problems.Validation("Invalid decision request", issues);
        }

        // The answer is the document the decision log also stores: written once (see DecisionDocument).
        return new DecisionDocumentResult(await decisions.DecideAsync(body.UserId!, body.Channel, body.Candidates, asOf, ct));
    }
}
