using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Recommender.Api.Auth;
using Recommender.Api.Catalog;
using Recommender.Api.Infrastructure;
using Recommender.Api.Models;
using Recommender.Api.Stores;
using Recommender.Core;
using Recommender.Core.Features;
using Recommender.Core.Profiles;

namespace Recommender.Api.Users;

public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/users").WithTags("Users").RequireAuthorization(ApiRoles.Client);
        group.MapGet("/{userId}", GetUser)
            .WithName("GetUser")
            .WithSummary("A user's state summary and the feature vector of every catalog message (or one) at as_of (default now).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    public static async Task<Results<Ok<UserView>, ProblemHttpResult>> GetUser(
        string userId,
        string? as_of,
        string? message_id,
        IUserStateStore store,
        CatalogHolder catalog,
        ModelHolder models,
        TimeProvider time,
        IOptions<InputLimits> limits,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var now = time.GetUtcNow();
        var asOf = now.UtcDateTime;
        var issues = new List<FieldIssue>();
        var maxId = limits.Value.MaxIdLength;
        if (string.IsNullOrWhiteSpace(userId) || userId.Length > maxId || !JsonText.IsValid(userId))
        {
            issues.Add(new FieldIssue(null, "user_id", $"a user id of 1 to {maxId} characters of valid Unicode", $"{userId.Length} characters"));
        }
        else if (IdText.Problem(userId) is { } malformedUserId)
        {
            issues.Add(new FieldIssue(null, "user_id", IdText.Expected, malformedUserId));
        }

        if (as_of is not null && !Timestamps.TryParse(as_of, out asOf))
        {
            issues.Add(new FieldIssue(null, "as_of", Timestamps.Expected, JsonText.Quote(as_of)));
        }
        else if (asOf > limits.Value.Latest(now))
        {
            issues.Add(new FieldIssue(null, "as_of", limits.Value.LatestExpected(now), JsonText.Quote(as_of!)));
        }

        if (message_id is not null && message_id.Length > maxId)
        {
            issues.Add(new FieldIssue(null, "message_id", $"at most {maxId} characters", $"{message_id.Length} characters"));
        }
        else if (message_id is not null && IdText.Problem(message_id) is { } malformedMessageId)
        {
            issues.Add(new FieldIssue(null, "message_id", IdText.Expected, malformedMessageId));
        }

        if (issues.Count > 0)
        {
            return Problems.Validation("Invalid query", issues);
        }

        var current = catalog.Current;
        var messages = current.Messages.Where(m => message_id is null || m.Id == message_id).ToList();
        if (message_id is not null && messages.Count == 0)
        {
            return Problems.Validation("Invalid query", [new FieldIssue(null, "message_id", "a message id in the catalog", JsonText.Quote(message_id))]);
        }

        var snapshot = await store.ReadAsync(userId, ct);
        var state = snapshot.State;
        if (asOf < state.ExactFrom)
        {
            throw new AsOfNotAnswerableException(
                $"as_of {asOf:O} is before {state.ExactFrom:O}, the earliest instant the stored state of '{userId}' answers exactly.");
        }

        var schema = models.Current.SchemaFor(current);
        var extractor = new FeatureExtractor(schema);
        var features = new Dictionary<string, Dictionary<string, float>>(StringComparer.Ordinal);
        var vector = new float[schema.Count];
        foreach (var m in messages)
        {
            extractor.Extract(state, snapshot.Profile, m, asOf, vector);
            var named = new Dictionary<string, float>(schema.Count, StringComparer.Ordinal);
            for (var i = 0; i < vector.Length; i++)
            {
                named[schema.Names[i]] = vector[i];
            }

            features[m.Id] = named;
        }

        return TypedResults.Ok(new UserView(
            userId, asOf, snapshot.Version, state.EventsApplied, state.LatestEventAt,
            state.IsUnsubscribedFromAllAt(asOf), state.OpenTicketsAt(asOf), snapshot.Profile, schema.Hash, features));
    }
}

/// <summary>What the API knows about a user at <see cref="AsOf"/>: for debugging and for the parity check with training.</summary>
public sealed record UserView(
    string UserId,
    DateTime AsOf,
    long Version,
    long EventsApplied,
    DateTime? LatestEventAt,
    bool UnsubscribedFromAll,
    int OpenTickets,
    UserProfile? Profile,
    string SchemaHash,
    IReadOnlyDictionary<string, Dictionary<string, float>> Features);
