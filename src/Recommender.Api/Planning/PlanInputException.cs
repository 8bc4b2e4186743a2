namespace Recommender.Api.Planning;

/// <summary>A plan's input cannot be used: the message names the file (and line or row), what was expected and what was found.</summary>
public sealed class PlanInputException : Exception
{
    public PlanInputException()
    {
    }

    public PlanInputException(string message)
        : base(message)
    {
    }

    public PlanInputException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
