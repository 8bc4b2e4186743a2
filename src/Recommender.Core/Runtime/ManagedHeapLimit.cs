namespace Recommender.Core.Runtime;

/// <summary>
/// A limit on the process's managed heap set at run time (<c>GCHeapHardLimit</c> and <see cref="GC.RefreshMemoryLimit"/>),
/// for the batch commands whose peak memory would otherwise follow the server GC's sizing rather than what they hold
/// (plans, imports), and the test for having run out of memory under it.
/// </summary>
public static class ManagedHeapLimit
{
    /// <summary>
    /// Sets the limit for the rest of the process. A limit below what the GC has already committed cannot be set
    /// (<see cref="GC.RefreshMemoryLimit"/> refuses it): it is raised to that, plus 16 MiB.
    /// </summary>
    /// <returns>The limit set, in bytes.</returns>
    public static long Apply(long limit)
    {
        var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
        limit = Math.Max(limit, committed + (16L << 20));
        AppContext.SetData("GCHeapHardLimit", (ulong)limit);
        GC.RefreshMemoryLimit();
        return limit;
    }

    /// <summary>An out-of-memory error, alone or inside the aggregate a parallel loop or a task wraps it in, or as an inner exception.</summary>
    public static bool IsOutOfMemory(Exception e) => e switch
    {
        OutOfMemoryException => true,
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.Any(IsOutOfMemory),
        _ => e.InnerException is { } inner && IsOutOfMemory(inner),
    };
}
