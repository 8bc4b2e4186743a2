namespace Recommender.Api.Infrastructure;

/// <summary>
/// A domain failure the API answers with a ProblemDetails of its own status and title. Each feature derives its
/// exceptions from this type, so that <see cref="DomainExceptionHandler"/> maps them without knowing any feature.
/// </summary>
public abstract class ApiProblemException(string message, Exception? inner = null) : Exception(message, inner)
{
    public abstract int StatusCode { get; }

    public abstract string Title { get; }

    /// <summary>Members the problem carries beside status, title and detail (ProblemDetails extensions); none by default.</summary>
    public virtual IReadOnlyDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>();
}
