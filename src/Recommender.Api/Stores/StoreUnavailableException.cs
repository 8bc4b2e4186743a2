using Recommender.Api.Infrastructure;

namespace Recommender.Api.Stores;

/// <summary>The state store could not be reached or read; callers must fail safe (send nothing). Answered 503 where a request cannot.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : ApiProblemException(message, inner)
{
    public override int StatusCode => StatusCodes.Status503ServiceUnavailable;

    public override string Title => "State store unavailable";
}
