namespace Recommender.Api.Infrastructure;

/// <summary>The request breaks the API contract; answered 400 with every issue listed.</summary>
public sealed class RequestValidationException(string title, IReadOnlyList<FieldIssue> issues)
    : Exception($"{title}: {string.Join("; ", issues.Select(i => $"{(i.Index is { } n ? $"[{n}]." : "")}{i.Field}: expected {i.Expected}, found {i.Found}"))}")
{
    public string Title { get; } = title;

    public IReadOnlyList<FieldIssue> Issues { get; } = issues;
}
