using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Recommender.Api.Models;
using Recommender.Api.Stores;

namespace Recommender.Api.Infrastructure;

/// <summary>
/// The one place domain exceptions become status codes. Anything unmapped stays a 500 (and is logged by the
/// framework): bad input must never get there, since every input check throws one of the types below.
/// </summary>
internal sealed class DomainExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, extensions) = exception switch
        {
            RequestValidationException v => (StatusCodes.Status400BadRequest, v.Title, new Dictionary<string, object?> { ["errors"] = v.Issues }),
            BadHttpRequestException b => (b.StatusCode, "Bad request", null),
            AsOfNotAnswerableException => (StatusCodes.Status422UnprocessableEntity, "as_of cannot be answered exactly", null),
            CatalogConflictException => (StatusCodes.Status409Conflict, "Catalog conflicts with the active model", null),
            ModelLoadException => (StatusCodes.Status422UnprocessableEntity, "Model bundle refused", null),
            StoreUnavailableException => (StatusCodes.Status503ServiceUnavailable, "State store unavailable", null),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => (499, "Client closed request", null),
            _ => (0, null, null),
        };
        if (status == 0)
        {
            return false;
        }

        // Binding errors wrap the JSON reader's message, which names the path and position of the problem.
        var detail = exception is BadHttpRequestException { InnerException: { } inner } ? $"{exception.Message} {inner.Message}" : exception.Message;
        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
