namespace Recommender.Core.Features;

/// <summary>A cursor over the destination span: every value passes through one double-to-float conversion.</summary>
internal ref struct FeatureWriter(Span<float> destination)
{
    private readonly Span<float> _destination = destination;

    public int Position { get; private set; }

    public void Add(double value) => _destination[Position++] = (float)value;

    /// <summary><paramref name="count"/> features, 1 at position <paramref name="hot"/> and 0 elsewhere (none when it is out of range).</summary>
    public void OneHotIndex(int count, int hot)
    {
        var span = _destination.Slice(Position, count);
        span.Clear();
        if ((uint)hot < (uint)count)
        {
            span[hot] = 1;
        }

        Position += count;
    }

    /// <summary>One feature per vocabulary value, then the <c>(other)</c> feature for a value outside it (or none).</summary>
    public void OneHot(ReadOnlySpan<string> vocabulary, string? value)
    {
        var hit = false;
        foreach (var known in vocabulary)
        {
            var match = value is not null && string.Equals(known, value, StringComparison.Ordinal);
            hit |= match;
            Add(match ? 1 : 0);
        }

        Add(hit ? 0 : 1);
    }
}
