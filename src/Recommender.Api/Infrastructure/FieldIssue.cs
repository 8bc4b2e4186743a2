namespace Recommender.Api.Infrastructure;

/// <summary>One problem of a request: the row (in a batch), the field, what was expected and what was found.</summary>
public sealed record FieldIssue(int? Index, string Field, string Expected, string Found);
