using Recommender.Api.Infrastructure;

namespace Recommender.Api.Models;

/// <summary>A model bundle was refused; the model that was serving keeps serving. Answered 422.</summary>
public sealed class ModelLoadException(string message, Exception? inner = null) : ApiProblemException(message, inner)
{
    public override int StatusCode => StatusCodes.Status422UnprocessableEntity;

    public override string Title => "Model bundle refused";
}
