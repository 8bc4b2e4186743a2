using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Recommender.Api.Infrastructure;

namespace Recommender.Api.Decisions;

/// <summary>
/// <c>POST /v1/decisions/batch</c>: up to <see cref="DecisionOptions.MaxBatchSize"/> decision requests in one call, each
/// checked and answered exactly as <c>POST /v1/decisions</c> would (same checks, same <see cref="DecisionService"/>). An
/// entry that is refused gets its own problem in the answer; the others are decided all the same.
/// </summary>
public static class DecisionBatchApi
{
    public static RouteHandlerBuilder MapDecisionBatch(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.MapPost("/batch", PostBatch)
            .WithName("PostDecisionBatch")
            .WithSummary("Decide for up to Decisions:MaxBatchSize requests at once; each entry is answered like POST /v1/decisions, or with its own problem.")
            .Accepts<DecisionBody[]>("application/json")
            .Produces<DecisionBatchResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    public static async Task<Results<DecisionBatchResult, ProblemHttpResult>> PostBatch(
        HttpRequest request,
        DecisionService decisions,
        IOptions<DecisionOptions> options,
        IOptions<InputLimits> limits,
        IOptions<JsonOptions> json,
        TimeProvider time,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(time);
        var (parsed, problem) = await JsonRequestBody.ReadAsync(request, "the decision requests", ct);
        if (problem is not null)
        {
            return problem;
        }

        var document = parsed!;
        using (document)
        {
            var settings = options.Value;
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() is 0 || root.GetArrayLength() > settings.MaxBatchSize)
            {
                var found = root.ValueKind == JsonValueKind.Array ? $"{root.GetArrayLength()} entries" : $"a JSON {root.ValueKind.ToString().ToLowerInvariant()}";
                return Problems.Validation("Invalid decision batch; nothing was decided",
                    [new FieldIssue(null, "$", $"an array of 1 to {settings.MaxBatchSize} decision requests (Decisions:MaxBatchSize)", found)]);
            }

            var now = time.GetUtcNow();
            var entries = new DecisionBatchEntry[root.GetArrayLength()];
            var accepted = new List<(int Index, CheckedDecisionRequest Request)>(entries.Length);
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                var issues = new List<FieldIssue>();
                if (Read(element, index, json.Value.SerializerOptions, issues) is { } body
                    && CheckedDecisionRequest.Check(body, index, settings, limits.Value, now, issues) is { } checkedRequest)
                {
                    accepted.Add((index, checkedRequest));
                }
                else
                {
                    entries[index] = new DecisionBatchEntry(index, null, BatchProblem.Of(issues));
                }

                index++;
            }

            // One user's entries in batch order, one after another: the second must see the first one's send, exactly
            // as two single requests in that order would. Different users are decided side by side.
            var byUser = accepted.GroupBy(a => a.Request.UserId, StringComparer.Ordinal).ToList();
            await Parallel.ForEachAsync(byUser, new ParallelOptions { MaxDegreeOfParallelism = settings.BatchParallelism, CancellationToken = ct },
                async (user, token) =>
                {
                    foreach (var (i, r) in user)
                    {
                        var decided = await decisions.DecideAsync(r.UserId, r.Channel, r.Candidates, r.AsOf, token, r.DecisionId, r.SendTime);
                        entries[i] = new DecisionBatchEntry(i, decided, null);
                    }
                });
            return new DecisionBatchResult(entries, json.Value.SerializerOptions);
        }
    }

    /// <summary>One entry as a <see cref="DecisionBody"/>, or null with the reason when it does not bind.</summary>
    private static DecisionBody? Read(JsonElement element, int index, JsonSerializerOptions options, List<FieldIssue> issues)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            issues.Add(new FieldIssue(index, "$", "a decision request object", $"a JSON {element.ValueKind.ToString().ToLowerInvariant()}"));
            return null;
        }

        try
        {
            return element.Deserialize<DecisionBody>(options);
        }
        catch (JsonException e)
        {
            // The serialiser's message names the field and what it could not convert (or the unknown field).
            issues.Add(new FieldIssue(index, e.Path ?? "$", "a decision request as POST /v1/decisions takes it", e.Message));
            return null;
        }
        catch (InvalidOperationException e)
        {
            issues.Add(new FieldIssue(index, "$", "a decision request as POST /v1/decisions takes it", e.Message));
            return null;
        }
    }
}
