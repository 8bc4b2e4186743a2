namespace Recommender.Api.Models;

/// <summary>Section <c>Model</c>.</summary>
public sealed class ModelOptions
{
    public const string Section = "Model";

    /// <summary>The bundle folder to serve at start (<c>serve --model DIR</c>); null serves the baseline scorer.</summary>
    public string? Path { get; set; }
}
