using System.Text.Json;
using Recommender.Api.Infrastructure;

namespace Recommender.Api.Decisions;

/// <summary>The answer to one entry of a batch: its decision, or the problem that refused it.</summary>
public sealed record DecisionBatchEntry(int Index, DecisionDocument? Decision, BatchProblem? Problem);

/// <summary>
/// A refused entry of a batch, shaped as the ProblemDetails the single endpoint answers with (400, "Invalid decision
/// request", the field issues in <c>errors</c>), but inside the 200 answer, beside the entries that were decided.
/// </summary>
public sealed record BatchProblem(string Type, string Title, int Status, string Detail, IReadOnlyList<FieldIssue> Errors)
{
    public static BatchProblem Of(IReadOnlyList<FieldIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        return new("https://tools.ietf.org/html/rfc9110#section-15.5.1", "Invalid decision request", StatusCodes.Status400BadRequest,
            $"{issues.Count} problem(s); see \"errors\".", issues);
    }
}

/// <summary>The answer's shape, for the OpenAPI document (the answer itself is written by <see cref="DecisionBatchResult"/>).</summary>
public sealed record DecisionBatchResponse(IReadOnlyList<DecisionBatchItem> Decisions);

/// <summary>One entry of <see cref="DecisionBatchResponse"/>: exactly one of <c>decision</c> and <c>problem</c> is set.</summary>
/// <param name="Index">The entry's position in the request.</param>
public sealed record DecisionBatchItem(int Index, DecisionResponse? Decision, BatchProblem? Problem);

/// <summary>
/// 200 with every entry in request order. Each decision is its <see cref="DecisionDocument"/>'s bytes as they are, so an
/// entry's <c>decision</c> is byte for byte what <c>POST /v1/decisions</c> answers for it.
/// </summary>
public sealed class DecisionBatchResult(IReadOnlyList<DecisionBatchEntry> entries, JsonSerializerOptions options) : IResult
{
    public IReadOnlyList<DecisionBatchEntry> Entries { get; } = entries;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = DecisionDocumentResult.ContentType;
        // Into the response's pipe (its buffer, never a synchronous write to the socket), flushed every 32 KB or so.
        var pipe = response.BodyWriter;
        await using var w = new Utf8JsonWriter(pipe, new JsonWriterOptions { Encoder = ApiJson.Encoder });
        long flushed = 0;
        w.WriteStartObject();
        w.WritePropertyName("decisions"u8);
        w.WriteStartArray();
        foreach (var entry in Entries)
        {
            w.WriteStartObject();
            w.WriteNumber("index"u8, entry.Index);
            w.WritePropertyName("decision"u8);
            if (entry.Decision is { } decision)
            {
                w.WriteRawValue(decision.Json.Span, skipInputValidation: true);
            }
            else
            {
                w.WriteNullValue();
            }

            w.WritePropertyName("problem"u8);
            JsonSerializer.Serialize(w, entry.Problem, options);
            w.WriteEndObject();
            if (w.BytesCommitted + w.BytesPending - flushed > 32_768)
            {
                w.Flush();
                flushed = w.BytesCommitted;
                await pipe.FlushAsync(httpContext.RequestAborted);
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        await pipe.FlushAsync(httpContext.RequestAborted);
    }
}
