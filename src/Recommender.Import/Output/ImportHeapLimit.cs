using Recommender.Core.Runtime;

namespace Recommender.Import.Output;

/// <summary>
/// Bounds the process's managed heap during an import (<c>GCHeapHardLimit</c>, set at run time), so that its peak
/// memory does not depend on the input's size.
/// </summary>
/// <remarks>
/// <para>Why: what an import holds is bounded (two row groups of column buffers, the duplicate window, the Parquet
/// writer's pages), but the server GC that <c>recommender</c> runs on (for <c>serve</c>) sizes its generations from
/// what it has seen, and with an unbounded heap the resident memory of the same import crept up the longer it ran
/// (docs/results.md, "<c>import segment</c>"). Under a hard limit the GC sizes its budgets to the limit instead.</para>
/// <para>The limit: from what the import's buffers turned out to hold, not guessed, because a row group's buffers
/// depend on the input's texts. Once <see cref="MeasureAfterRowGroups"/> row groups of events are filled (both sets of
/// column buffers have then grown to the input's lines), the buffers' bytes and the duplicate window's, twice, plus
/// <see cref="Allowance"/>: the Parquet writer's encoding of a row group (it grows with the row group's texts, as
/// the buffers do), its pooled pages, the rest of the process's heap and the GC's room to allocate between
/// collections; raised whenever a later row group grows the buffers. Counted from the buffers' sizes rather than the
/// heap in use at that moment, so that the same input gives the same limit whatever the writer thread was doing (the
/// heap in use at that moment varied from run to run). An
/// import of fewer events never holds enough to need a bound. A limit given in MiB is set at once instead; 0 sets
/// none. An import that needs more than its limit stops with an <see cref="ImportHeapLimitException"/> that names
/// <see cref="Option"/>.</para>
/// <para>The GC's limit belongs to the process, so this is the command line's choice (<see cref="ImportOptions.BoundHeap"/>):
/// a library caller's or a test's process is left as it is.</para>
/// </remarks>
public sealed class ImportHeapLimit
{
    /// <summary>The command-line option that sets the limit in MiB (0: none).</summary>
    public const string Option = "--max-heap";

    /// <summary>Row groups filled before the buffers are counted: both sets of column buffers have been filled once.</summary>
    public const int MeasureAfterRowGroups = 2;

    /// <summary>Heap allowed beyond twice the buffers (docs/results.md, "<c>import segment</c>", has what ran out of memory).</summary>
    public const long Allowance = 80L << 20;

    private readonly long? _given;
    private readonly long _held;
    private readonly Func<long, long> _apply;

    /// <param name="givenBytes">A limit to set at once, in bytes; null: count the buffers (see the remarks).</param>
    /// <param name="heldBytes">What the import holds beside the events' buffers from its start (the duplicate window).</param>
    public ImportHeapLimit(long? givenBytes, long heldBytes)
        : this(givenBytes, heldBytes, Apply)
    {
    }

    /// <summary>As the public constructor, setting a limit with <paramref name="apply"/> (the tests' process keeps its own heap).</summary>
    internal ImportHeapLimit(long? givenBytes, long heldBytes, Func<long, long> apply)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(heldBytes);
        _held = heldBytes;
        _apply = apply;
        if (givenBytes is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(givenBytes), givenBytes, "A heap limit must be positive; leave it out to set none.");
        }

        _given = givenBytes;
        if (givenBytes is { } bytes)
        {
            Applied = _apply(bytes);
        }
    }

    /// <summary>The buffers' and the window's bytes when counted; null until then (and with a given limit).</summary>
    public long? Measured { get; private set; }

    /// <summary>The limit set, in bytes; null while none is.</summary>
    public long? Applied { get; private set; }

    /// <summary>The limit in force in this process, set by any import (the GC's limit is the process's).</summary>
    public static long? Current { get; private set; }

    /// <summary>The limit for an import whose buffers and window hold <paramref name="held"/> bytes.</summary>
    public static long Default(long held) => (2 * held) + Allowance;

    /// <summary>
    /// Parses the option's value in MiB: null when not given (measure), 0 for none, else the limit in bytes.
    /// </summary>
    /// <exception cref="ArgumentException">Not a whole number of MiB.</exception>
    public static long? ParseMiB(int? mib) => mib switch
    {
        null => null,
        < 0 or > (1 << 24) => throw new ArgumentException($"{Option} {mib}: expected a whole number of MiB, at most {1 << 24}, or 0 for no limit."),
        _ => (long)mib.Value << 20,
    };

    /// <summary>
    /// Called by the events sink each time a row group is full, with what all its sets of rows' buffers hold; bounds
    /// the heap at the <see cref="MeasureAfterRowGroups"/>th, and raises the bound whenever the buffers have grown
    /// since: a row group of longer lines than the first ones grows them (they are kept from group to group), and a
    /// bound counted from the first groups alone made such an input run out of memory under it.
    /// </summary>
    public void RowGroupFilled(long filled, long bufferBytes)
    {
        if (_given is null && filled >= MeasureAfterRowGroups && (Measured is not { } measured || bufferBytes + _held > measured))
        {
            Measured = bufferBytes + _held;
            Applied = _apply(Default(Measured.Value));
        }
    }

    /// <summary>Whether <paramref name="e"/> is running out of memory under a limit an import set (alone or wrapped).</summary>
    public static bool RanOutUnderLimit(Exception e) => RanOutUnder(Current, e);

    /// <summary>Whether <paramref name="e"/> is running out of memory (alone or wrapped) with <paramref name="limit"/> set.</summary>
    internal static bool RanOutUnder(long? limit, Exception e) => limit is not null && ManagedHeapLimit.IsOutOfMemory(e);

    /// <summary>The refusal for running out of memory under the limit: what happened and the option that changes it.</summary>
    public static ImportHeapLimitException Refusal(Exception e) => Refusal(Current ?? 0, e);

    /// <summary>The refusal for running out of memory under <paramref name="limit"/> bytes.</summary>
    internal static ImportHeapLimitException Refusal(long limit, Exception e) => new(
        $"The import ran out of memory under its managed heap limit of {limit >> 20:N0} MiB, " +
        $"which it sets from what its row groups of events take unless {Option} gives one; the output folder is incomplete. " +
        $"Run it again with a larger limit ({Option} MiB) or {Option} 0 for none.", e);

    /// <summary>Sets the limit for the rest of the process (<see cref="ManagedHeapLimit.Apply"/>) and remembers it.</summary>
    private static long Apply(long limit)
    {
        Current = ManagedHeapLimit.Apply(limit);
        return Current.Value;
    }
}
