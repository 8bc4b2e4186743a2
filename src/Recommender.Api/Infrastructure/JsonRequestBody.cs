using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Recommender.Api.Infrastructure;

/// <summary>
/// Reads an endpoint's JSON body as a document, or gives the answer for a body that cannot be one: 415 when it is not
/// declared JSON, 400 (naming the parser's complaint) when it is not valid JSON. The endpoints that take arrays
/// (events, batch decisions) parse elements themselves, so that each bad entry gets its own problem.
/// </summary>
internal static class JsonRequestBody
{
    /// <param name="what">What the body holds, in the 415's words ("the events").</param>
    public static async Task<(JsonDocument? Document, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, string what, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: $"Send {what} as application/json; got '{request.ContentType ?? "no content type"}'."));
        }

        try
        {
            return (await JsonDocument.ParseAsync(request.Body, cancellationToken: ct), null);
        }
        catch (JsonException e)
        {
            return (null, Problems.Validation("Malformed JSON", [new FieldIssue(null, "$", "valid JSON", e.Message)]));
        }
    }
}
