namespace Recommender.Import.Output;

/// <summary>
/// What each source field became (<c>messageId → event_id</c>, <c>traits.plan → profile plan</c>, <c>context → ignored</c>),
/// with how often: the part of an import's summary that says where the data went.
/// </summary>
public sealed class FieldReport
{
    private readonly Dictionary<(string, string), FieldCounter> _counters = new();
    private readonly List<FieldCounter> _order = [];

    /// <summary>The counter for <paramref name="source"/> becoming <paramref name="target"/>, created at first use.</summary>
    public FieldCounter Counter(string source, string target)
    {
        if (!_counters.TryGetValue((source, target), out var counter))
        {
            counter = new FieldCounter(source, target);
            _counters.Add((source, target), counter);
            _order.Add(counter);
        }

        return counter;
    }

    /// <summary>Counters that counted something, in the order they were first asked for.</summary>
    public IReadOnlyList<FieldCounter> Used => _order.Where(c => c.Count > 0).ToList();
}
