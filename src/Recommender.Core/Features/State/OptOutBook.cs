namespace Recommender.Core.Features.State;

/// <summary>
/// Unsubscribes and resubscribes per scope: a category name, or <see cref="AllScope"/> when the event named
/// none. Whether a category is unsubscribed at an instant is decided by the latest of the opt events that
/// reach it (its own scope and the all-scope) before that instant; an unsubscribe wins a tie, so the
/// answer does not depend on arrival order and errs on the side of not messaging.
/// </summary>
internal sealed class OptOutBook
{
    public const string AllScope = "*";

    private readonly Dictionary<string, OptOutScope> _scopes = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, OptOutScope> Scopes => _scopes;

    public OptOutScope Scope(string scope)
    {
        if (!_scopes.TryGetValue(scope, out var s))
        {
            s = new OptOutScope();
            _scopes.Add(scope, s);
        }

        return s;
    }

    /// <summary>Unsubscribed from <paramref name="category"/> (lower-case name) by its own or an all-scope event.</summary>
    public bool IsUnsubscribed(string category, long asOf)
    {
        var (lastUnsub, lastResub) = Latest(AllScope, asOf);
        if (_scopes.ContainsKey(category))
        {
            var (u, r) = Latest(category, asOf);
            lastUnsub = Math.Max(lastUnsub, u);
            lastResub = Math.Max(lastResub, r);
        }

        return lastUnsub != long.MinValue && lastUnsub >= lastResub;
    }

    /// <summary>Unsubscribed from everything by an all-scope event not undone by an all-scope resubscribe.</summary>
    public bool IsUnsubscribedFromAll(long asOf)
    {
        var (lastUnsub, lastResub) = Latest(AllScope, asOf);
        return lastUnsub != long.MinValue && lastUnsub >= lastResub;
    }

    public void Compact(long boundary)
    {
        foreach (var scope in _scopes.Values)
        {
            scope.Unsubscribes.Compact(boundary);
            scope.Resubscribes.Compact(boundary);
        }
    }

    private (long Unsub, long Resub) Latest(string scope, long asOf)
    {
        if (!_scopes.TryGetValue(scope, out var s))
        {
            return (long.MinValue, long.MinValue);
        }

        return (
            s.Unsubscribes.TryGetLastBefore(asOf, out var u) ? u : long.MinValue,
            s.Resubscribes.TryGetLastBefore(asOf, out var r) ? r : long.MinValue);
    }
}

/// <summary>The opt events of one scope.</summary>
internal sealed class OptOutScope
{
    public TimeSeries Unsubscribes { get; } = new();

    public TimeSeries Resubscribes { get; } = new();
}
