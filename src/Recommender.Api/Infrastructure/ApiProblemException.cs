namespace Recommender.Api.Infrastructure;

/// <summary>
/// A domain failure the API answers with a ProblemDetails of its own status and title. Each feature derives its
/// exceptions from this type, so that <see cref="DomainExceptionHandler"/> maps them without knowing any feature.
/// </summary>
public abstract class ApiProblemException(string message, Exception? inner = null) : Exception(message, inner)
{
    public abstract int StatusCode { get; }

    public abstract string Title { get; }
}
