namespace Recommender.Import.Output;

/// <summary>How often one source field became one target: a plain counter an importer holds on to, so counting costs an increment per line.</summary>
public sealed class FieldCounter(string source, string target)
{
    public string Source { get; } = source;

    public string Target { get; } = target;

    public long Count { get; private set; }

    public void Add() => Count++;
}
