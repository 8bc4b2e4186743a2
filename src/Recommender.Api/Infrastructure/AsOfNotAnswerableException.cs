namespace Recommender.Api.Infrastructure;

/// <summary>The user's state cannot answer <c>as_of</c> exactly; answered 422.</summary>
public sealed class AsOfNotAnswerableException(string message) : ApiProblemException(message)
{
    public override int StatusCode => StatusCodes.Status422UnprocessableEntity;

    public override string Title => "as_of cannot be answered exactly";
}
