namespace Recommender.Import.Output;

/// <summary>An import ran out of memory under the heap limit it set (<see cref="ImportHeapLimit"/>): a refusal that names the fix.</summary>
public sealed class ImportHeapLimitException : Exception
{
    public ImportHeapLimitException()
    {
    }

    public ImportHeapLimitException(string message)
        : base(message)
    {
    }

    public ImportHeapLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
