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
            .ProducesProblem(StatusCodes.Status400BadRequest);
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
        var maxId = limits.Value.MaxIdLength;
        var issues = new List<FieldIssue>();
        if (string.IsNullOrWhiteSpace(body.UserId))
        {
            issues.Add(new FieldIssue(null, "user_id", "a non-empty string", body.UserId is null ? "nothing" : JsonText.Quote(body.UserId)));
        }
        else if (body.UserId.Length > maxId)
        {
            issues.Add(new FieldIssue(null, "user_id", $"at most {maxId} characters (Limits:MaxIdLength)", $"{body.UserId.Length} characters"));
        }

        if (body.Channel is { } channel && (string.IsNullOrWhiteSpace(channel) || channel.Length > maxId))
        {
            issues.Add(new FieldIssue(null, "channel", $"a non-empty string of at most {maxId} characters, or null", JsonText.Quote(channel)));
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
                if (string.IsNullOrWhiteSpace(candidates[i]) || candidates[i].Length > maxId)
                {
                    issues.Add(new FieldIssue(i, "candidates", $"a non-empty message id of at most {maxId} characters",
                        candidates[i] is null ? "null" : JsonText.Quote(candidates[i])));
                }
            }
        }

        DateTime? asOf = null;
        if (body.AsOf is { } text)
        {
            var now = time.GetUtcNow();
            if (!Timestamps.TryParse(text, out var parsed))
            {
                issues.Add(new FieldIssue(null, "as_of", Timestamps.Expected, JsonText.Quote(text)));
            }
            else if (parsed > limits.Value.Latest(now))
            {
                // A decision records its send at as_of: one far ahead would lock the user's state in the future.
                issues.Add(new FieldIssue(null, "as_of", limits.Value.LatestExpected(now), JsonText.Quote(text)));
            }
            else
            {
                asOf = parsed;
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
