using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Recommender.Api.Infrastructure;

/// <summary>
/// The one place domain exceptions become status codes. Anything unmapped stays a 500 (and is logged by the
/// framework): bad input must never get there, since every input check answers with a problem itself or throws an <see cref="ApiProblemException"/>.
/// </summary>
internal sealed class DomainExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            BadHttpRequestException b => (b.StatusCode, "Bad request"),
            ApiProblemException p => (p.StatusCode, p.Title),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => (499, "Client closed request"),
            _ => (0, null),
        };
        if (status == 0)
        {
            return false;
        }

        // Binding errors wrap the JSON reader's message, which names the path and position of the problem.
        var detail = exception is BadHttpRequestException { InnerException: { } inner } ? $"{exception.Message} {inner.Message}" : exception.Message;
        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (exception is ApiProblemException { Extensions: { Count: > 0 } extensions })
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
