using Microsoft.AspNetCore.Http.HttpResults;

namespace Recommender.Api.Infrastructure;

/// <summary>ProblemDetails the handlers and the exception handler share, so every error has one shape.</summary>
public static class Problems
{
    public static ProblemHttpResult Validation(string title, IReadOnlyList<FieldIssue> issues) =>
        TypedResults.Problem(
            detail: $"{issues.Count} problem(s); see \"errors\".",
            statusCode: StatusCodes.Status400BadRequest,
            title: title,
            extensions: new Dictionary<string, object?> { ["errors"] = issues });
}
