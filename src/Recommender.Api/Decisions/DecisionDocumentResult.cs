using System.Net.Mime;

namespace Recommender.Api.Decisions;

/// <summary>200 with a <see cref="DecisionDocument"/>'s bytes as they are: the decision is not serialised again.</summary>
public sealed class DecisionDocumentResult(DecisionDocument document) : IResult
{
    public DecisionDocument Document { get; } = document;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = Document.Json.Length;
        return response.Body.WriteAsync(Document.Json, httpContext.RequestAborted).AsTask();
    }

    /// <summary>What <c>TypedResults.Ok</c> with the JSON serialiser sends.</summary>
    internal const string ContentType = MediaTypeNames.Application.Json + "; charset=utf-8";
}
