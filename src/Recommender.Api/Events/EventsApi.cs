using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Recommender.Api.Auth;
using Recommender.Api.Infrastructure;
using Recommender.Api.Stores;

namespace Recommender.Api.Events;

public static class EventsApi
{
    public static RouteGroupBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/events").WithTags("Events").RequireAuthorization(ApiRoles.Client);
        group.MapPost("/", PostEvents)
            .WithName("PostEvents")
            .WithSummary("Ingest a batch of events; idempotent by event_id within the idempotency horizon; answers after the batch is durable.")
            .Accepts<EventBody[]>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    public static async Task<Results<Ok<IngestResponse>, ProblemHttpResult>> PostEvents(
        HttpRequest request,
        IUserStateStore store,
        IOptions<EventsOptions> options,
        IOptions<InputLimits> limits,
        TimeProvider time,
        EventQuota quota,
        ApiMetrics metrics,
        CancellationToken ct)
    {
        var (parsed, problem) = await JsonRequestBody.ReadAsync(request, "the events", ct);
        if (problem is not null)
        {
            return problem;
        }

        var document = parsed!;
        using (document)
        {
            var (events, issues) = EventBatchParser.Parse(document.RootElement, options.Value.MaxBatchSize, limits.Value, time.GetUtcNow());
            if (issues.Count > 0)
            {
                return Problems.Validation("Invalid events; nothing was applied", issues);
            }

            using (var lease = quota.Acquire(request.HttpContext, events.Count))
            {
                if (!lease.IsAcquired)
                {
                    var seconds = KeyRateLimits.SetRetryAfter(request.HttpContext, lease);
                    return TypedResults.Problem(
                        statusCode: StatusCodes.Status429TooManyRequests,
                        title: "Too many events for this API key",
                        detail: $"This key may post {quota.PerSecond} events a second (RateLimits:EventsPerSecond); nothing of this batch was applied. Try again in {seconds} s.");
                }
            }

            var result = await store.ApplyAsync(events, ct);
            metrics.EventsIngested(result.Applied, result.Duplicates, result.Expired.Count);
            var expired = result.Expired
                .Select(x => new ExpiredEventBody(x.Index, events[x.Index].EventId, events[x.Index].UserId, events[x.Index].Timestamp, x.NotBefore))
                .ToList();
            return TypedResults.Ok(new IngestResponse(events.Count, result.Applied, result.Duplicates, expired.Count, expired));
        }
    }
}

/// <summary>
/// How a batch went: <see cref="Duplicates"/> were applied before (same event key) and skipped; <see cref="Expired"/>
/// were not applied because they are dated before their user's idempotency horizon (listed in <see cref="ExpiredEvents"/>).
/// </summary>
public sealed record IngestResponse(int Received, int Applied, int Duplicates, int Expired, IReadOnlyList<ExpiredEventBody> ExpiredEvents);

/// <summary>
/// An event not applied: its <see cref="Timestamp"/> is before <see cref="NotBefore"/>, its user's latest event minus
/// <c>Store:IdempotencyHorizon</c>. Its id may have been forgotten, so it could be a retry of an event applied long ago.
/// </summary>
/// <param name="Index">Its index in the batch.</param>
public sealed record ExpiredEventBody(int Index, string EventId, string UserId, DateTime Timestamp, DateTime NotBefore);

/// <summary>One event as the API takes it: the columns of the events table (documentation only; the parser reads fields).</summary>
public sealed record EventBody(
    string EventId, string UserId, DateTimeOffset Timestamp, string EventType, string? MessageId, double? Value, JsonElement? Properties);
