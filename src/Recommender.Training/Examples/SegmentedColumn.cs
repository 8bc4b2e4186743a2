namespace Recommender.Training.Examples;

/// <summary>
/// One value per row of an <see cref="ExampleTable"/>, in fixed segments of 65,536 that are never copied: a list's
/// doubling would copy the column at every power of two and leave the old arrays behind as large-object garbage,
/// about as much again as the column itself, held until a full collection (16 million rows: gigabytes across the
/// table's columns).
/// </summary>
internal sealed class SegmentedColumn<T>
{
    private const int Shift = 16;
    private const int SegmentLength = 1 << Shift;
    private const int Mask = SegmentLength - 1;

    private readonly List<T[]> _segments = [];

    public int Count { get; private set; }

    public T this[int row]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Count, nameof(row));
            return _segments[row >> Shift][row & Mask];
        }
    }

    public void Add(T value)
    {
        if ((Count & Mask) == 0)
        {
            _segments.Add(new T[SegmentLength]);
        }

        _segments[^1][Count & Mask] = value;
        Count++;
    }
}
